import { useApp } from '../state/useApp.ts';
import type { ExperimentConfig } from '../lab/config/schema.ts';

type Model = ExperimentConfig['model'];
type Optimizer = ExperimentConfig['optimizer'];

/** The config plus setters for its parts; each set restarts training (with a change note). */
export function useConfigEditor() {
  const config = useApp((s) => s.config);
  const setConfig = useApp((s) => s.setConfig);
  return {
    config,
    setModel: <K extends keyof Model>(key: K, value: Model[K]) => setConfig({ ...config, model: { ...config.model, [key]: value } }),
    setOptimizer: <K extends keyof Optimizer>(key: K, value: Optimizer[K]) => setConfig({ ...config, optimizer: { ...config.optimizer, [key]: value } }),
    set: (changes: Partial<ExperimentConfig>) => setConfig({ ...config, ...changes }),
  };
}
