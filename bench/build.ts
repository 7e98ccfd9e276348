// Index build benchmark (docs/benchmarks.md, "Index build"): CorpusIndex.build on real text at several sizes,
// timed stage by stage (the stage marks CorpusIndex.build and TextIndex.build call), so a stage whose cost per
// article grows with the corpus shows up as a ratio above 1 against the smallest size.
// Real text is assembled once at the largest size (real-corpus.ts, folders of 1,000) and loaded once; a size N
// builds from the articles of its first N / 1,000 folders, which are the files a corpus of N would hold.
// BENCH_SIZES (default 10000,30000,100000; BENCH_LARGE=1 adds 300000), BENCH_ROUNDS (median of; default 3 up to
// 30k, 1 above).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../src/types.ts';
import type { Taxonomy } from '../src/corpus/taxonomy.ts';
import { defaultTaxonomy, loadCorpus } from '../src/corpus/load.ts';
import { CorpusIndex } from '../src/index/corpus-index.ts';
import { gc, heapUsed, loadAverage, mb, median, ms, timed, times } from './measure.ts';
import { assembleRealCorpus, SHARED_CORPUS } from './real-corpus.ts';

const SETTINGS = {
  sizes: (process.env.BENCH_SIZES ?? '10000,30000,100000').split(',').map(Number).filter((n) => n > 0).concat(process.env.BENCH_LARGE === '1' ? [300_000] : []),
  rounds: (size: number): number => Number(process.env.BENCH_ROUNDS ?? (size <= 30_000 ? 3 : 1)),
};

interface BuildFigures {
  size: number;
  /** Articles built (the folders' files less the duplicates the load merged). */
  articles: number;
  /** Stage name → ms (median over rounds), in the order the build runs them. */
  stages: Map<string, number>;
  total: number;
  heap: number;
}

/** One build of `articles`, each stage's time as the build marks it. */
function timedBuild(articles: Article[], taxonomy: Taxonomy): { index: CorpusIndex; stages: Map<string, number>; total: number } {
  const stages = new Map<string, number>();
  gc();
  const start = performance.now();
  let last = start;
  const index = CorpusIndex.build(articles, taxonomy, (stage) => {
    const now = performance.now();
    stages.set(stage, now - last);
    last = now;
  });
  return { index, stages, total: performance.now() - start };
}

function measureSize(size: number, articles: Article[], taxonomy: Taxonomy): BuildFigures {
  const rounds = SETTINGS.rounds(size);
  const samples: { stages: Map<string, number>; total: number }[] = [];
  let heap = 0;
  for (let round = 0; round < rounds; round++) {
    const before = heapUsed();
    let built: ReturnType<typeof timedBuild> | undefined = timedBuild(articles, taxonomy);
    samples.push({ stages: built.stages, total: built.total });
    heap = heapUsed() - before;
    built = undefined;
  }
  const stages = new Map([...samples[0]!.stages.keys()].map((stage) => [stage, median(samples.map((sample) => sample.stages.get(stage)!))]));
  const figures = { size, articles: articles.length, stages, total: median(samples.map((sample) => sample.total)), heap };
  const perArticle = (value: number): string => `${((1000 * value) / articles.length).toFixed(1)} µs`;
  console.log(`\n--- ${size / 1000}k (${articles.length.toLocaleString('en')} articles): build ${ms(figures.total)} = ${perArticle(figures.total)} per article (median of ${rounds}; rounds ${samples.map((s) => s.total.toFixed(0)).join(' / ')} ms); index heap ${mb(heap)}; load average ${loadAverage()}`);
  for (const [stage, value] of stages) console.log(`  ${stage.padEnd(26)} ${ms(value).padStart(9)}  ${perArticle(value).padStart(10)} per article`);
  return figures;
}

/** Per-article cost of each stage at every size, and its ratio to the smallest size's. */
function printTable(columns: BuildFigures[]): void {
  const base = columns[0]!;
  const per = (f: BuildFigures, value: number): number => (1000 * value) / f.articles;
  const rows: [string, (f: BuildFigures) => number][] = [...base.stages.keys()].map((stage) => [stage, (f) => f.stages.get(stage) ?? 0]);
  rows.push(['total', (f) => f.total]);
  const header = ['µs per article', ...columns.map((f) => `${f.size / 1000}k`), ...columns.slice(1).map((f) => `${f.size / 1000}k/${base.size / 1000}k`)];
  const cells = [
    header,
    ...rows.map(([name, value]) => [name, ...columns.map((f) => per(f, value(f)).toFixed(1)), ...columns.slice(1).map((f) => times(per(f, value(f)) / per(base, value(base))))]),
    ['build', ...columns.map((f) => ms(f.total)), ...columns.slice(1).map(() => '')],
    ['index heap', ...columns.map((f) => mb(f.heap)), ...columns.slice(1).map(() => '')],
  ];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  console.log(`\n=== build per article by stage, ratio to ${base.size / 1000}k (load average now ${loadAverage()})`);
  for (const row of cells) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
}

export async function run(): Promise<void> {
  const sizes = [...SETTINGS.sizes].sort((a, b) => a - b);
  const largest = sizes.at(-1)!;
  console.log(`build bench: real text, sizes ${sizes.join(', ')}; load average ${loadAverage()} (1, 5, 15 min)`);
  const dir = await mkdtemp(join(tmpdir(), 'bench-build-'));
  try {
    const made = await timed(() => assembleRealCorpus(dir, largest));
    if (!made.value) {
      console.log(`skipped: ${SHARED_CORPUS}/{en,vi} is not present`);
      return;
    }
    const taxonomy = await defaultTaxonomy();
    const load = await timed(() => loadCorpus([dir], { taxonomy }));
    const all = load.value.articles;
    console.log(`assembled ${largest.toLocaleString('en')} files (${mb(made.value.bytes)}) in ${ms(made.ms)}; loaded ${all.length.toLocaleString('en')} articles in ${ms(load.ms)}`);
    // The files of a corpus of `size`: its first size / 1,000 folders.
    const folderOf = (article: Article): number => Number(basename(dirname(article.source)));
    const ofSize = (size: number): Article[] => all.filter((article) => folderOf(article) < size / 1000);
    CorpusIndex.build(ofSize(1000), taxonomy); // warm code
    const columns = sizes.map((size) => measureSize(size, ofSize(size), taxonomy));
    printTable(columns);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) await run();
