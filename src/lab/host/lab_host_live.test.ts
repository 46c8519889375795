/** The host's run controls that act between steps: train exactly N steps. */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/schema.ts';
import { LabHost } from './lab_host.ts';
import type { LabEvent } from './protocol.ts';

function host() {
  const lab = new LabHost();
  const events: LabEvent[] = [];
  lab.listen((e) => events.push(e));
  const frames = () => events.flatMap((e) => (e.kind === 'frame' ? [e] : []));
  /** Plays (`steps` of them, or until paused) and returns a wait for the frame that says it stopped. */
  const play = (steps?: number) => {
    const from = frames().length;
    lab.play(steps);
    return () => stoppedAfter(from);
  };
  const stoppedAfter = async (from: number) => {
    for (let i = 0; i < 400; i++) {
      const last = frames().slice(from).at(-1);
      if (last !== undefined && !last.playing) return last.frame;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the host never stopped');
  };
  return { lab, events, frames, play };
}

const small = { ...defaultConfig('sine'), seqLen: 10, batchSize: 8, model: { ...defaultConfig('sine').model, hiddenSize: 4 } };

describe('LabHost: train N steps', () => {
  it('stops exactly after N steps at full speed, where a chunk holds many steps', async () => {
    const { lab, frames, play } = host();
    await lab.load(small);
    const stopped = play(137);
    const frame = await stopped();
    // More than one frame on the way: the steps ran in several chunks, not in one go.
    expect(frames().filter((f) => f.playing).length).toBeGreaterThan(1);
    expect(frame.step).toBe(137);
    expect(frame.history.at(-1)?.step).toBe(137);
    await new Promise((r) => setTimeout(r, 100));
    expect(frames().at(-1)?.frame.step).toBe(137);
  });

  it('stops exactly at a set speed too, counting from where the run is', async () => {
    const { lab, play } = host();
    await lab.load(small, 4);
    lab.setSpeed(50);
    expect((await play(3)()).step).toBe(7);
  });

  it('a later plain Play trains until paused again', async () => {
    const { lab, frames, play } = host();
    await lab.load(small);
    await play(2)();
    play();
    await new Promise((r) => setTimeout(r, 300));
    await lab.pause();
    expect(frames().at(-1)?.frame.step).toBeGreaterThan(2);
  });
});
