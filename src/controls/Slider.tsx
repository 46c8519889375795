import { useEffect, useState } from 'react';

interface SliderProps {
  id: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** Called when the user lets go (pointer up, key up, blur): each commit restarts training. */
  onCommit: (value: number) => void;
  /** Shown while dragging. */
  format?: (value: number) => string;
  /** Slider position -> value (e.g. a log scale); identity when absent. */
  toValue?: (position: number) => number;
  toPosition?: (value: number) => number;
}

const identity = (x: number) => x;

/** A range input that shows its value live but commits once per gesture, not per pixel. */
export function Slider({ id, min, max, step, value, onCommit, format = String, toValue = identity, toPosition = identity }: SliderProps) {
  const [position, setPosition] = useState(toPosition(value));
  useEffect(() => setPosition(toPosition(value)), [value, toPosition]);
  const commit = () => {
    const next = toValue(position);
    if (next !== value) onCommit(next);
  };
  return (
    <>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={position}
        onChange={(e) => setPosition(Number(e.target.value))}
        onPointerUp={commit}
        onKeyUp={commit}
        onBlur={commit}
      />
      {/* Until moved, the value itself: a link's 0.00372 is not rounded to the nearest slider stop. */}
      <output htmlFor={id}>{format(position === toPosition(value) ? value : toValue(position))}</output>
    </>
  );
}
