/** torch.nn: modules, functional forms, initialisers and utilities. */
export { Module, type PlainTensor, type StateDict } from './module.ts';
export { Parameter } from './parameter.ts';
export { Linear, type LinearOptions } from './linear.ts';
export { RNNCell, type RNNCellOptions } from './rnn_cell.ts';
export { RNN, type RNNOptions } from './rnn.ts';
export { LSTM, type LSTMOptions } from './lstm.ts';
export { GRU, type GRUOptions } from './gru.ts';
export { LSTMCell, GRUCell, type GatedCellOptions } from './gated_cells.ts';
export * as functional from './functional.ts';
export * as init from './init.ts';
export * as utils from './utils/index.ts';
export { Embedding } from './embedding.ts';
export { Dropout } from './dropout.ts';
export { CrossEntropyLoss, NLLLoss, MSELoss, BCEWithLogitsLoss } from './loss.ts';
export { Sequential } from './container.ts';
