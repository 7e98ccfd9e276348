// Index build benchmark (docs/benchmarks.md, "Index build"): CorpusIndex.build on real text at several sizes,
// timed stage by stage (the stage marks CorpusIndex.build and TextIndex.build call), so a stage whose cost per
// article grows with the corpus shows up as a ratio above 1 against the smallest size.
// Real text is assembled once at the largest size (real-corpus.ts, folders of 1,000); a size N loads its first
// N / 1,000 folders, which are the files a corpus of N would hold, and only those articles are alive while it
// builds (a larger heap makes every major GC slower, as it would in a bot holding that many).
// BENCH_SIZES (default 10000,30000,100000; BENCH_LARGE=1 adds 300000), BENCH_ROUNDS (median of; default 3 up to
// 30k, 1 above). BENCH_BASELINE=<a checkout's src folder> also builds with that code, round for round on the same
// files in this process (each version loading its own copy, bodies in the heap, both alive in every round; at
// least 2 rounds, each version going first in one), and prints the ratio of each stage's cost: the fair
// comparison on a shared machine. The checkout needs what that code reads and how it compiles: `git archive
// <commit> src taxonomy tsconfig.json package.json | tar -x -C <dir>`, and node_modules linked into <dir>.
// BENCH_DIR=<folder>: the assembled text is kept there for the next run (a folder holding enough folders of 1,000
// from an earlier run, or from bench/incremental.ts's, is read as it is; the corpus is the same at every size).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../src/types.ts';
import type { Taxonomy } from '../src/corpus/taxonomy.ts';
import type { CorpusIndex } from '../src/index/corpus-index.ts';
import { codeAt, type Build, type Code } from './code-at.ts';
import { gc, hugePages, loadAverage, mb, median, ms, settledHeapUsed, timed, times } from './measure.ts';
import { onRealCorpus } from './real-corpus.ts';

const SETTINGS = {
  baseline: process.env.BENCH_BASELINE,
  dir: process.env.BENCH_DIR,
  sizes: (process.env.BENCH_SIZES ?? '10000,30000,100000').split(',').map(Number).filter((n) => n > 0).concat(process.env.BENCH_LARGE === '1' ? [300_000] : []),
  rounds: (size: number): number => Number(process.env.BENCH_ROUNDS ?? (size <= 30_000 ? 3 : 1)),
};

/** A stage's cost: wall time, and CPU time of the process (every thread: GC helpers included), in ms. */
interface Cost {
  wall: number;
  cpu: number;
}

interface BuildFigures {
  size: number;
  /** Articles built (the folders' files less the duplicates the load merged). */
  articles: number;
  /** Stage name → its cost (median over rounds), in the order the build runs them, then "total". */
  stages: Map<string, Cost>;
  heap: number;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** One build of `articles`, each stage's cost as the build marks it. */
function timedBuild(build: Build, articles: Article[], taxonomy: Taxonomy): { index: CorpusIndex; stages: Map<string, Cost> } {
  const stages = new Map<string, Cost>();
  gc();
  const start = { wall: performance.now(), cpu: cpuMs() };
  let last = start;
  const index = build(articles, taxonomy, (stage) => {
    const now = { wall: performance.now(), cpu: cpuMs() };
    stages.set(stage, { wall: now.wall - last.wall, cpu: now.cpu - last.cpu });
    last = now;
  });
  stages.set('total', { wall: performance.now() - start.wall, cpu: cpuMs() - start.cpu });
  return { index, stages };
}

/** Each stage's median cost over the rounds' samples. */
function medians(samples: Map<string, Cost>[]): Map<string, Cost> {
  return new Map(
    [...samples[0]!.keys()].map((stage) => [stage, { wall: median(samples.map((sample) => sample.get(stage)!.wall)), cpu: median(samples.map((sample) => sample.get(stage)!.cpu)) }]),
  );
}

/**
 * The figures of this code's build at one size, and of the baseline's when there is one: each version builds
 * the articles its own loader made (`Code`), their rounds alternate, each going first in every other round (at
 * least 2 rounds then), and each build starts once the one before is gone, its buffers released.
 */
async function measureSize(size: number, codes: readonly Code[], loaded: readonly Article[][]): Promise<BuildFigures[]> {
  const samples = codes.map((): Map<string, Cost>[] => []);
  const heaps = codes.map(() => 0);
  const articles = loaded[0]!;
  const rounds = codes.length > 1 ? Math.max(2, SETTINGS.rounds(size)) : SETTINGS.rounds(size);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? codes.keys() : [...codes.keys()].reverse();
    for (const b of order) {
      const before = await settledHeapUsed();
      let built: ReturnType<typeof timedBuild> | undefined = timedBuild(codes[b]!.build, loaded[b]!, codes[b]!.taxonomy);
      samples[b]!.push(built.stages);
      heaps[b] = (await settledHeapUsed(built.index)) - before;
      // A suspended async function keeps its locals: the next build would run beside this index.
      built = undefined;
    }
  }
  const figures = samples.map((rounds, b) => ({ size, articles: articles.length, stages: medians(rounds), heap: heaps[b]! }));
  const perArticle = (value: number): string => `${((1000 * value) / articles.length).toFixed(1)} µs`;
  figures.forEach(({ stages, heap }, b) => {
    const total = stages.get('total')!;
    const rounds = samples[b]!;
    const which = b === 0 ? '' : ` — baseline ${SETTINGS.baseline}`;
    console.log(`--- ${size / 1000}k (${articles.length.toLocaleString('en')} articles)${which}: build ${ms(total.wall)} = ${perArticle(total.wall)} per article, CPU ${ms(total.cpu)} (median of ${rounds.length}; rounds ${rounds.map((sample) => sample.get('total')!.wall.toFixed(0)).join(' / ')} ms); index heap ${mb(heap)}; ${hugePages()}; load average ${loadAverage()}`);
    for (const [stage, cost] of stages) {
      const now = figures[0]!.stages.get(stage);
      const ratio = b === 0 || !now ? '' : `   this code ÷ baseline: wall ${times(now.wall / cost.wall)}, CPU ${times(now.cpu / cost.cpu)}`;
      console.log(`  ${stage.padEnd(26)} ${ms(cost.wall).padStart(9)} ${perArticle(cost.wall).padStart(10)} per article   CPU ${ms(cost.cpu).padStart(9)} ${perArticle(cost.cpu).padStart(10)}${ratio}`);
    }
  });
  return figures;
}

/** Per-article cost of each stage at every size, and its ratio to the smallest size's: wall time, then CPU. */
function printTable(columns: BuildFigures[]): void {
  const base = columns[0]!;
  for (const clock of ['wall', 'cpu'] as const) {
    const per = (f: BuildFigures, stage: string): number => (1000 * (f.stages.get(stage)?.[clock] ?? 0)) / f.articles;
    const header = [`µs per article (${clock})`, ...columns.map((f) => `${f.size / 1000}k`), ...columns.slice(1).map((f) => `${f.size / 1000}k/${base.size / 1000}k`)];
    const cells = [
      header,
      ...[...base.stages.keys()].map((stage) => [stage, ...columns.map((f) => per(f, stage).toFixed(1)), ...columns.slice(1).map((f) => times(per(f, stage) / per(base, stage)))]),
      ['build', ...columns.map((f) => ms(f.stages.get('total')![clock])), ...columns.slice(1).map(() => '')],
    ];
    if (clock === 'wall') cells.push(['index heap', ...columns.map((f) => mb(f.heap)), ...columns.slice(1).map(() => '')]);
    const widths = header.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
    console.log(`\n=== build per article by stage (${clock === 'wall' ? 'wall time' : 'CPU time, all threads'}), ratio to ${base.size / 1000}k (load average now ${loadAverage()})`);
    for (const row of cells) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  }
}

export async function run(): Promise<void> {
  const sizes = [...SETTINGS.sizes].sort((a, b) => a - b);
  await onRealCorpus('build', sizes, SETTINGS.dir, async (folders) => {
    const spill = SETTINGS.baseline ? false : undefined;
    const codes = [await codeAt(undefined, spill), ...(SETTINGS.baseline ? [await codeAt(SETTINGS.baseline, spill)] : [])];
    for (const code of codes) code.build(await code.load(folders(1000)), code.taxonomy); // warm code
    const columns: BuildFigures[] = [];
    const baselineColumns: BuildFigures[] = [];
    for (const size of sizes) {
      const loaded: Article[][] = [];
      for (const code of codes) {
        const load = await timed(() => code.load(folders(size)));
        loaded.push(load.value);
        console.log(`\nloaded ${load.value.length.toLocaleString('en')} articles in ${ms(load.ms)}${code === codes[0] ? '' : ' (the baseline\'s loader)'}`);
      }
      const [figures, before] = await measureSize(size, codes, loaded);
      // This size's articles go before the next size loads (a suspended async frame would keep them alive).
      loaded.length = 0;
      columns.push(figures!);
      if (before) baselineColumns.push(before);
    }
    printTable(columns);
    if (baselineColumns.length > 0) {
      console.log(`\nbaseline: ${SETTINGS.baseline}`);
      printTable(baselineColumns);
    }
  });
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) await run();
