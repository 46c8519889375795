/** torch.autograd: functional access to the autograd engine. */
export { grad, type GradOptions } from './grad.ts';
