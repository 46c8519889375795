/** Props vocabulary the charts share with the app shell. */

/** One cell of the unrolled network: a layer, a direction (0 forward, 1 reverse), a timestep. */
export interface CellSelection {
  layer: number;
  direction: number;
  t: number;
}
