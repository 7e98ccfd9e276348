// Work run in slices on the serving thread (a reseed's restore, the background preparation of a swapped-in
// index, a folder's listing) shares one slice per turn of the event loop, and none of it starves the rest.
import { describe, expect, it } from 'vitest';
import { runInSlices, slice, type Steps } from '../../src/index/snapshot/slices.ts';

/** `count` steps of about `ms` each, recording when each ran. */
function* busy(name: string, count: number, ms: number, log: string[]): Steps<string> {
  for (let i = 0; i < count; i++) {
    const end = performance.now() + ms;
    while (performance.now() < end);
    log.push(name);
    yield;
  }
  return name;
}

/** Counts turns of the loop (setImmediate callbacks) while `work` runs, and which steps ran in each. */
async function byTurn(work: (log: string[]) => Promise<unknown>): Promise<string[][]> {
  const log: string[] = [];
  const turns: string[][] = [];
  let seen = 0;
  let running = true;
  const tick = () => {
    turns.push(log.slice(seen));
    seen = log.length;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await work(log);
  running = false;
  turns.push(log.slice(seen));
  return turns.filter((turn) => turn.length > 0);
}

describe('runInSlices', () => {
  it('returns what the steps return, with the loop given back between slices', async () => {
    const log: string[] = [];
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    await expect(runInSlices(busy('a', 30, 1, log), 5)).resolves.toBe('a');
    expect(log).toHaveLength(30);
    expect(timerRan).toBe(true);
  });

  it('two at once share one slice per turn instead of one each', async () => {
    const turns = await byTurn((log) => Promise.all([runInSlices(busy('a', 40, 1, log), 5), runInSlices(busy('b', 40, 1, log), 5)]));
    // A 5 ms slice of 1 ms steps runs ≤ 6 steps (the step that crosses its end included), never both slicers' worth.
    expect(Math.max(...turns.map((turn) => turn.length))).toBeLessThanOrEqual(6);
    expect(turns.flat().sort()).toEqual([...Array(40).fill('a'), ...Array(40).fill('b')]);
  });

  it('work started later is not starved by long work started first', async () => {
    const log: string[] = [];
    const done: string[] = [];
    const long = runInSlices(busy('long', 100, 1, log), 5).then((name) => done.push(name));
    await new Promise((resolve) => setImmediate(resolve));
    const short = runInSlices(busy('short', 3, 1, log), 5).then((name) => done.push(name));
    await Promise.all([long, short]);
    expect(done).toEqual(['short', 'long']);
  });

  it('slice() lets an async loop share the same slice', async () => {
    const turns = await byTurn(async (log) => {
      const loop = async () => {
        for (let i = 0; i < 40; i++) {
          await slice(5);
          const end = performance.now() + 1;
          while (performance.now() < end);
          log.push('loop');
        }
      };
      await Promise.all([loop(), runInSlices(busy('steps', 40, 1, log), 5)]);
    });
    expect(Math.max(...turns.map((turn) => turn.length))).toBeLessThanOrEqual(6);
  });
});
