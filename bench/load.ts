// Load benchmark (docs/benchmarks.md, "Load"): loadCorpus on real text (bench/real-corpus.ts, folders of 1,000)
// at several sizes, this checkout's code against a baseline checkout's (BENCH_BASELINE=<its src folder>, made as
// for bench/build.ts), each version with its own loader and its own default for bodies (spilled from 500 files).
// Rounds alternate which version loads first; each load runs with nothing else alive (the previous result let go
// and collected), and both its wall and CPU time (every thread: the reader thread and GC helpers) are printed,
// with the ratio of this code's median to the baseline's. Without a baseline, this code alone.
// BENCH_SIZES (default 10000,100000), BENCH_ROUNDS (default 3; at least 2 with a baseline), BENCH_DIR as for
// bench/build.ts.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeAt, type Code } from './code-at.ts';
import { gc, loadAverage, median, ms, times } from './measure.ts';
import { onRealCorpus } from './real-corpus.ts';

const SETTINGS = {
  baseline: process.env.BENCH_BASELINE,
  dir: process.env.BENCH_DIR,
  sizes: (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number).filter((n) => n > 0),
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
};

interface LoadCost {
  wall: number;
  cpu: number;
  articles: number;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** One load of `folders` by `code`, its result let go before the next one starts. */
async function timedLoad(code: Code, folders: string[]): Promise<LoadCost> {
  gc();
  const [start, cpu] = [performance.now(), cpuMs()];
  const articles = (await code.load(folders)).length;
  const cost = { wall: performance.now() - start, cpu: cpuMs() - cpu, articles };
  gc();
  return cost;
}

export async function run(): Promise<void> {
  const sizes = [...SETTINGS.sizes].sort((a, b) => a - b);
  await onRealCorpus('load', sizes, SETTINGS.dir, async (folders) => {
    const codes = [await codeAt(undefined, undefined), ...(SETTINGS.baseline ? [await codeAt(SETTINGS.baseline, undefined)] : [])];
    const names = ['this code', `baseline ${SETTINGS.baseline}`];
    for (const code of codes) await timedLoad(code, folders(1000)); // warm code
    const rounds = Math.max(SETTINGS.rounds, codes.length);
    for (const size of sizes) {
      const costs: LoadCost[][] = codes.map(() => []);
      for (let round = 0; round < rounds; round++) {
        // Each version goes first in every other round: the page cache and the allocator favour neither.
        const order = codes.map((_, i) => (i + round) % codes.length);
        for (const i of order) costs[i]!.push(await timedLoad(codes[i]!, folders(size)));
      }
      const medians = costs.map((list) => ({ wall: median(list.map((c) => c.wall)), cpu: median(list.map((c) => c.cpu)), articles: list[0]!.articles }));
      console.log(`\n--- ${size / 1000}k (load average ${loadAverage()})`);
      medians.forEach((cost, i) => {
        const each = costs[i]!.map((c) => ms(c.wall)).join(' / ');
        console.log(`  ${names[i]!.padEnd(12)} ${cost.articles.toLocaleString('en')} articles: ${ms(cost.wall)} (${((cost.wall * 1000) / cost.articles).toFixed(1)} µs per article), CPU ${ms(cost.cpu)}; rounds ${each}`);
      });
      if (medians.length === 2) console.log(`  this code ÷ baseline: ${times(medians[0]!.wall / medians[1]!.wall)} wall, ${times(medians[0]!.cpu / medians[1]!.cpu)} CPU`);
    }
  });
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) await run();
