// The one polling helper for tests: waits for something the system does in the background (a gateway event, a
// post, a claim expiring), without a fixed sleep.

export interface UntilOptions {
  /** Give up after this long; default 10 s. */
  timeoutMs?: number;
  /** What is awaited, for the timeout message. */
  what?: string;
}

/** Polls `check` every 10 ms until it returns something truthy, and returns that. */
export async function until<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeoutMs = 10_000, what = 'condition' }: UntilOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`until: ${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
