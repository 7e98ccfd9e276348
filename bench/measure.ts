// Timing and memory helpers shared by the benchmarks, so every system is timed the same way.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
export const gc = runInNewContext('gc') as () => void;

/** JS heap plus memory outside it that objects own (typed arrays live there), after full collections. */
export function heapUsed(): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/**
 * heapUsed once what was let go is really gone: a finished load's results stay reachable until a later turn of
 * the event loop (the value of an await in a suspended async function), and freed buffers' memory is released
 * by callbacks after the collection. What `held` refers to stays alive meanwhile (a result measured whose
 * variable is not read again; a parameter the function never reads is not sure to keep it).
 */
export async function settledHeapUsed(...held: unknown[]): Promise<number> {
  holding.add(held);
  try {
    for (let i = 0; i < 3; i++) {
      heapUsed();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return heapUsed();
  } finally {
    holding.delete(held);
  }
}

/** What settledHeapUsed callers are measuring. */
const holding = new Set<unknown[]>();

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

/** The middle value; of an even count, the mean of the middle two (of 2 rounds, their mean, not the slower). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The latency protocol every system gets: same queries, same warm-up, same passes, same timer. */
export interface LatencyProtocol {
  queries: readonly string[];
  /** Run once, untimed, before the measured passes (a serving index is warm). */
  warmQueries: readonly string[];
  /** Each query's time is its median over this many passes (a descheduled query would otherwise make the p99). */
  passes: number;
}

export interface Latency extends Percentiles {
  /** The three slowest queries and their times: what makes the p99. */
  slowest: { query: string; ms: number }[];
}

export function measureLatency(protocol: LatencyProtocol, work: (query: string) => unknown): Latency {
  // What the bench allocated before (another system's index, the linear scan's texts) collected now, not during
  // the timed calls: each system pays for its own garbage only. Then the warm-up: a full collection throws away
  // optimized code whose embedded objects died (--trace-deopt: newsbot's top-k scan, "weak objects"), and
  // collected after the warm-up it left the first timed pass running cold code.
  gc();
  for (const query of protocol.warmQueries) work(query);
  const runs = Array.from({ length: protocol.passes }, () =>
    protocol.queries.map((query) => {
      const start = performance.now();
      work(query);
      return performance.now() - start;
    }),
  );
  const each = protocol.queries.map((query, i) => ({ query, ms: median(runs.map((run) => run[i]!)) }));
  const slowest = [...each].sort((a, b) => b.ms - a.ms).slice(0, 3);
  return { ...percentiles(each.map((entry) => entry.ms)), slowest };
}

export async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

export const ms = (value: number): string => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(value >= 1 ? 1 : 3)} ms`);
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
export const times = (ratio: number): string => `${ratio.toFixed(2)}×`;
export const latency = (figures: Percentiles): string => `${ms(figures.p50)} / ${ms(figures.p99)}`;

export function loadAverage(): string {
  return loadavg().map((n) => n.toFixed(1)).join(' ');
}

/**
 * Whether this process asked for huge pages (bin/huge-pages.js) and how much of its memory has them: a search's
 * latency depends on it (docs/benchmarks.md, "Huge pages").
 */
export function hugePages(): string {
  const asked = /(^|:)glibc\.malloc\.hugetlb=1/.test(process.env.GLIBC_TUNABLES ?? '');
  let held = '';
  try {
    const kb = Number(/AnonHugePages:\s+(\d+)/.exec(readFileSync('/proc/self/smaps_rollup', 'utf8'))?.[1] ?? 0);
    held = `, ${mb(kb * 1024)} held`;
  } catch {
    // Not Linux: nothing to report but the setting.
  }
  return `huge pages ${asked ? 'asked for' : `not asked for (HUGE_PAGES=${process.env.HUGE_PAGES ?? 'on'})`}${held}`;
}
