/** What the views focus on: which layer/direction, which hidden unit, loss on a log scale. */
import type { SliceCreator } from './types.ts';

export interface ViewSlice {
  /** `layerKey(layer, direction)` of the layer the heatmaps show. */
  layerKey: string;
  selectedUnit: number | undefined;
  logLoss: boolean;
  selectLayer: (key: string) => void;
  selectUnit: (unit: number | undefined) => void;
  setLogLoss: (on: boolean) => void;
}

export const createViewSlice: SliceCreator<ViewSlice> = () => (set) => ({
  layerKey: 'l0',
  selectedUnit: undefined,
  logLoss: true,
  selectLayer: (layerKey) => set({ layerKey }),
  selectUnit: (selectedUnit) => set({ selectedUnit }),
  setLogLoss: (logLoss) => set({ logLoss }),
});
