/** torch.optim: optimizers with PyTorch's update rules and argument names. */
export { Optimizer, type GroupSpec, type Hyper, type OptimizerStateDict, type ParamState } from './optimizer.ts';
export { SGD, type SGDOptions } from './sgd.ts';
export { Adam, AdamW, type AdamOptions } from './adam.ts';
export { RMSprop, type RMSpropOptions } from './rmsprop.ts';
