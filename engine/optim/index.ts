/** torch.optim: optimizers with PyTorch's update rules and argument names. */
export { Optimizer, type GroupSpec, type Hyper, type HyperValue, type OptimizerStateDict, type ParamGroup, type ParamState } from './optimizer.ts';
export { SGD, type SGDOptions } from './sgd.ts';
export { Adam, AdamW, type AdamOptions } from './adam.ts';
export { RMSprop, type RMSpropOptions } from './rmsprop.ts';
export * as lr_scheduler from './lr_scheduler.ts';
