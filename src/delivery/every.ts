// Repeating timers with the clock kept out: `setInterval` in production, fired by hand in tests and the playground.

/** Calls `fn` every `ms` until stopped. */
export type Every = (ms: number, fn: () => void) => { stop(): void };

/** Real intervals that never keep the process alive on their own. */
export const systemEvery: Every = (ms, fn) => {
  const timer = setInterval(fn, ms);
  timer.unref();
  return { stop: () => clearInterval(timer) };
};

/** Intervals that fire only when `fire()` is called, whatever their period. */
export class ManualEvery {
  readonly #pending = new Set<() => void>();

  readonly every: Every = (_ms, fn) => {
    const entry = () => fn();
    this.#pending.add(entry);
    return { stop: () => void this.#pending.delete(entry) };
  };

  fire(): void {
    for (const fn of this.#pending) fn();
  }

  get active(): number {
    return this.#pending.size;
  }
}
