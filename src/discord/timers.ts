// Delayed follow-ups (removing expired buttons) that must not outlive the bot: cleared all at once on stop.
export class Timers {
  readonly #pending = new Set<NodeJS.Timeout>();

  /** Runs `fn` after `ms`; the timer never keeps the process alive on its own. */
  set(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.#pending.add(timer);
  }

  clear(): void {
    for (const timer of this.#pending) clearTimeout(timer);
    this.#pending.clear();
  }
}
