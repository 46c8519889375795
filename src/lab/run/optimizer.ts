/** Builds the configured torch.optim optimizer, and turns its state into plain data and back. */
import { torch } from 'engine';
import type { ExperimentConfig } from '../config/schema.ts';
import { fromPlain, type PlainArray } from './plain.ts';

export type AnyOptimizer = torch.optim.SGD | torch.optim.Adam | torch.optim.AdamW | torch.optim.RMSprop;

/** The optimizer named in the config, with PyTorch's defaults for everything it does not set. */
export function makeOptimizer(params: torch.nn.Parameter[], config: ExperimentConfig['optimizer']): AnyOptimizer {
  const { name, lr, momentum } = config;
  if (name === 'sgd') return new torch.optim.SGD(params, { lr, momentum });
  if (name === 'adam') return new torch.optim.Adam(params, { lr });
  if (name === 'adamw') return new torch.optim.AdamW(params, { lr });
  return new torch.optim.RMSprop(params, { lr, momentum });
}

type PlainValue = number | PlainArray;

/** Optimizer state as plain data: every buffer copied, counters kept. */
export interface PlainOptimizerState {
  state: Record<number, Record<string, PlainValue>>;
  param_groups: Record<string, unknown>[];
}

/** The optimizer's state_dict with each buffer replaced by `values[i]` (same order as listed). */
function assemble(dict: torch.optim.OptimizerStateDict, values: (number | Float32Array)[]): PlainOptimizerState {
  const state: PlainOptimizerState['state'] = {};
  let i = 0;
  for (const [k, s] of Object.entries(dict.state)) {
    state[Number(k)] = Object.fromEntries(
      Object.entries(s).map(([name, v]) => {
        const value = values[i++]!;
        return [name, typeof v === 'number' ? v : { shape: [...v.shape], data: value as Float32Array }];
      }),
    );
  }
  return { state, param_groups: dict.param_groups as Record<string, unknown>[] };
}

function buffers(dict: torch.optim.OptimizerStateDict): (number | torch.Tensor)[] {
  return Object.values(dict.state).flatMap((s) => Object.values(s));
}

/** Optimizer state as plain data, from any device: every buffer copied, counters kept. */
export async function optimizerToPlain(opt: AnyOptimizer): Promise<PlainOptimizerState> {
  const dict = opt.state_dict();
  return assemble(dict, await Promise.all(buffers(dict).map((v) => (typeof v === 'number' ? v : v.data()))));
}

/** Loads plain optimizer state, placing its buffers on `device` (where the parameters are). */
export function optimizerFromPlain(opt: AnyOptimizer, plain: PlainOptimizerState, device: torch.DeviceLike = 'cpu'): void {
  const state: Record<number, Record<string, number | torch.Tensor>> = {};
  for (const [k, s] of Object.entries(plain.state)) {
    state[Number(k)] = Object.fromEntries(Object.entries(s).map(([name, v]) => [name, typeof v === 'number' ? v : fromPlain(v, device)]));
  }
  opt.load_state_dict({ state, param_groups: plain.param_groups as torch.optim.OptimizerStateDict["param_groups"] });
}
