import { useState } from 'react';
import { useApp } from '../state/useApp.ts';

/** The most steps one click may ask for (a long run is Play's job). */
const MAX_STEPS = 100_000;

/**
 * "Train N steps": plays and stops by itself exactly N steps later, at any speed (the worker
 * counts the steps, so a fast run does not overshoot the way a Pause sent from here would).
 */
export function TrainSteps() {
  const ready = useApp((s) => s.status === 'ready');
  const trainSteps = useApp((s) => s.trainSteps);
  const [text, setText] = useState('100');
  const steps = Number(text);
  const valid = Number.isInteger(steps) && steps >= 1 && steps <= MAX_STEPS;
  return (
    <form
      className="train-steps"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) trainSteps(steps);
      }}
    >
      <button type="submit" disabled={!ready || !valid} data-testid="train-steps" title={`Trains exactly this many steps, then pauses (1 to ${MAX_STEPS.toLocaleString('en-US')})`}>
        Train
      </button>
      <input
        type="number"
        min={1}
        max={MAX_STEPS}
        step={1}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label="Steps to train"
        aria-invalid={!valid}
        data-testid="train-steps-count"
      />
      <span>steps</span>
    </form>
  );
}
