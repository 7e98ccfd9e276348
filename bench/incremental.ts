// Incremental changes (docs/corpus.md, "Incremental changes"; docs/benchmarks.md): what CorpusIndex.withChanges
// costs for 1, 10 and 100 added or updated articles on a real-text index, against the full build it avoids,
// and search latency with a delta of 0, 100 and 1,000 articles beside the index with none (same queries, same
// process; every top 10 also checked against exhaustive scoring of both segments).
//
// The corpus: BENCH_DIR (a folder of real text, e.g. made by bench/real-corpus.ts), else BENCH_SIZES articles
// (default 100000) assembled from ../shared. 1,100 of its articles (every nth) are held out and arrive as
// changes. 100k takes ~3 GB and a few minutes: run it alone (`flock /work/wt/bench.lock ...`).
//
//   BENCH_DIR=/tmp/x node --max-old-space-size=12000 bin/run-ts.js bench/incremental.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../src/types.ts';
import { defaultTaxonomy, loadCorpus } from '../src/corpus/load.ts';
import { CorpusIndex, type CorpusChange } from '../src/index/corpus-index.ts';
import { gc, latency, loadAverage, median, ms, percentiles, type Percentiles } from './measure.ts';
import { assembleRealCorpus, SHARED_CORPUS } from './real-corpus.ts';
import { searchProtocol } from './search-latency.ts';

const SETTINGS = {
  dir: process.env.BENCH_DIR,
  size: Number(process.env.BENCH_SIZES ?? 100_000),
  /** Articles held out of the build, to arrive as changes. */
  held: 1100,
  changeSizes: [1, 10, 100],
  /** Each change size is applied this many times to the built index (its time is the median). */
  repeats: 11,
  deltas: [0, 100, 1000],
  searchQueries: Number(process.env.BENCH_QUERIES ?? 300),
  passes: Number(process.env.BENCH_PASSES ?? 3),
};

async function corpus(): Promise<{ articles: Article[]; done: () => Promise<void> } | undefined> {
  const taxonomy = await defaultTaxonomy();
  if (SETTINGS.dir) return { articles: (await loadCorpus([SETTINGS.dir], { taxonomy })).articles, done: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'bench-incremental-'));
  const made = await assembleRealCorpus(dir, SETTINGS.size);
  if (!made) return undefined;
  return { articles: (await loadCorpus([dir], { taxonomy })).articles, done: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The median wall and CPU time (this process, every thread: GC helpers count) of `work` over SETTINGS.repeats
 * runs. Some runs pay for collecting the build's 3 GB heap (a full collection before each made it worse: the
 * run then sweeps it): the median is the typical change.
 */
function medianMs(work: (run: number) => unknown): string {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < SETTINGS.repeats; run++) {
    const [start, startCpu] = [performance.now(), process.cpuUsage()];
    work(run);
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return `${ms(median(wall))} (CPU ${ms(median(cpu))})`;
}

/**
 * Each index's latency over the same queries, interleaved (every query on every index in turn, starting with a
 * different one each time: the first to read the main segment's postings warms the cache for the others), so
 * the machine's load weighs on all alike; each query's time is its median over the passes.
 */
function interleavedLatency(indexes: readonly CorpusIndex[], queries: readonly string[], passes: number): Percentiles[] {
  const times = indexes.map(() => queries.map(() => [] as number[]));
  for (let pass = 0; pass < passes; pass++) {
    queries.forEach((query, q) => {
      for (let k = 0; k < indexes.length; k++) {
        const i = (pass + q + k) % indexes.length;
        const start = performance.now();
        indexes[i]!.search(query, { limit: 10 });
        times[i]![q]!.push(performance.now() - start);
      }
    });
  }
  return times.map((perQuery) => percentiles(perQuery.map(median)));
}

export async function run(): Promise<void> {
  const loaded = await corpus();
  if (!loaded) {
    console.log(`incremental: skipped, ${SHARED_CORPUS}/{en,vi} is not present`);
    return;
  }
  try {
    const taxonomy = await defaultTaxonomy();
    const step = Math.floor(loaded.articles.length / SETTINGS.held);
    const held = loaded.articles.filter((_, i) => i % step === 0).slice(0, SETTINGS.held);
    const heldIds = new Set(held.map((a) => a.id));
    const kept = loaded.articles.filter((a) => !heldIds.has(a.id));
    console.log(`\nincremental changes, ${kept.length.toLocaleString('en')} real-text articles built, ${held.length} held out to arrive; load average ${loadAverage()}`);
    let start = performance.now();
    const index = CorpusIndex.build(kept, taxonomy);
    const buildMs = performance.now() - start;
    console.log(`  full build (what a change cost before): ${ms(buildMs)}`);

    gc(); // the build's garbage is not the change's
    start = performance.now();
    index.withChanges({ added: [held[0]!], removed: [] });
    console.log(`  first change on a built index (its heat group found, code warmed): ${ms(performance.now() - start)}`);
    // Updates: articles of the index with a new title (and so new words).
    const updates = (n: number, run: number): CorpusChange => {
      const old = index.articles.slice(1000 + run * n, 1000 + (run + 1) * n);
      return { added: old.map((a) => ({ ...a, heat: a.heatRaw ?? a.heat, title: `${a.title} (updated ${run})` })), removed: old.map((a) => a.id) };
    };
    console.log(`  withChanges, median of ${SETTINGS.repeats}, wall (CPU), each from the built index:`);
    for (const n of SETTINGS.changeSizes) {
      const added = medianMs((run) => index.withChanges({ added: held.slice(run * n, (run + 1) * n), removed: [] }));
      const updated = medianMs((run) => index.withChanges(updates(n, run)));
      const middle = index.articles.length >> 1;
      const removed = medianMs((run) => index.withChanges({ added: [], removed: index.articles.slice(middle + run * n, middle + (run + 1) * n).map((a) => a.id) }));
      console.log(`    ${String(n).padStart(4)} articles: added ${added}, updated ${updated}, removed ${removed}`);
    }
    const big = index.withChanges({ added: held.slice(100, 1100), removed: [] });
    const onBig = medianMs((run) => big.withChanges({ added: [held[run]!], removed: [] }));
    console.log(`    1 article added to an index holding a delta of 1,000: ${onBig} (the delta is indexed again: merge before it grows)`);

    const protocol = searchProtocol(kept, SETTINGS.searchQueries, 100, SETTINGS.passes);
    // Delta 0: one article removed, nothing added: the two-segment path with an empty delta.
    const changed = SETTINGS.deltas.map((size) => index.withChanges(size === 0 ? { added: [], removed: [index.articles[7]!.id] } : { added: held.slice(0, size), removed: [] }));
    const indexes = [index, ...changed];
    for (const each of indexes) for (const query of protocol.warmQueries) each.search(query, { limit: 10 });
    console.log(`  search, ${protocol.queries.length} queries of 1–3 corpus words, each index in turn, median of ${protocol.passes} passes each (p50 / p99); load average ${loadAverage()}`);
    const [none, ...withDelta] = interleavedLatency(indexes, protocol.queries, protocol.passes);
    const exact = (each: CorpusIndex): number => protocol.queries.filter((query) => each.search(query, { limit: 10 }).map((a) => a.id).join() === each.search(query, { limit: 10, exhaustive: true }).map((a) => a.id).join()).length;
    console.log(`    no delta         ${latency(none!)}`);
    withDelta.forEach((figures, i) => {
      const ratio = (key: 'p50' | 'p99'): string => `${(figures[key] / none![key]).toFixed(2)}×`;
      console.log(`    delta ${String(SETTINGS.deltas[i]).padStart(5)}      ${latency(figures)}   (${ratio('p50')} / ${ratio('p99')} of none)   top 10 = exhaustive for ${exact(changed[i]!)} of ${protocol.queries.length}`);
    });
    console.log(`  load average after: ${loadAverage()}`);
  } finally {
    await loaded.done();
  }
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) await run();
