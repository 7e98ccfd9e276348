// Search latency on real text (docs/benchmarks.md): builds the index of BENCH_SIZES articles (default 100000)
// assembled from ../shared/corpus (real-corpus.ts), or generated (BENCH_CORPORA=generated or real,generated: the
// corpus bench's seeded generator), then times newsbot's search (exact top k, pruned) beside
// exhaustive scoring of every match, over the corpus bench's query set and protocol, and checks that the two
// return the same top 10 for every query. `measureSearch` is also the corpus bench's search section.
// Building 100k takes about a minute and 3 GB: run it alone (`flock /work/wt/bench.lock ...` on a shared machine).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../src/types.ts';
import { defaultTaxonomy, loadCorpus } from '../src/corpus/load.ts';
import { CorpusIndex } from '../src/index/corpus-index.ts';
import { hugePages, latency, loadAverage, measureLatency, ms, type Latency, type LatencyProtocol } from './measure.ts';
import { searchQueries } from './queries.ts';
import { generateCorpus } from './generate-corpus.ts';
import { assembleRealCorpus, SHARED_CORPUS } from './real-corpus.ts';

const SETTINGS = {
  sizes: (process.env.BENCH_SIZES ?? '100000').split(',').map(Number).filter((n) => n > 0),
  corpora: (process.env.BENCH_CORPORA ?? 'real').split(','),
  searchQueries: Number(process.env.BENCH_QUERIES ?? 300),
  warmQueries: 100,
  /** Passes per query (its time is the median): 3, as the corpus bench at 10k. */
  passes: Number(process.env.BENCH_PASSES ?? 3),
};

export interface SearchFigures {
  default: Latency;
  exhaustive: Latency;
  /** How many of the queries' top 10 equal exhaustive scoring's, and the mean share of it found. */
  overlap: { queries: number; same: number; share: number };
}

/** The benches' search queries over `articles`: 1–3 of their words, some folded, some cut short. */
export function searchProtocol(articles: readonly Article[], count: number, warm: number, passes: number): LatencyProtocol {
  return { queries: searchQueries(articles, 11, count), warmQueries: searchQueries(articles, 13, warm), passes };
}

/** The share of `exact`'s results that `found` also has (1 when both are empty), and whether it is the same list. */
function overlap(found: readonly Article[], exact: readonly Article[]): { share: number; same: boolean } {
  const ids = new Set(exact.map((article) => article.id));
  const same = found.length === exact.length && found.every((article, i) => article.id === exact[i]!.id);
  return { share: exact.length === 0 ? (found.length === 0 ? 1 : 0) : found.filter((article) => ids.has(article.id)).length / exact.length, same };
}

/** Default search and exhaustive scoring timed under one protocol, and how often their top 10 agree. */
export function measureSearch(index: CorpusIndex, protocol: LatencyProtocol): SearchFigures {
  const timed = {
    default: measureLatency(protocol, (query) => index.search(query, { limit: 10 })),
    exhaustive: measureLatency(protocol, (query) => index.search(query, { limit: 10, exhaustive: true })),
  };
  const agree = protocol.queries.map((query) => overlap(index.search(query, { limit: 10 }), index.search(query, { limit: 10, exhaustive: true })));
  return { ...timed, overlap: { queries: agree.length, same: agree.filter((o) => o.same).length, share: agree.reduce((sum, o) => sum + o.share, 0) / agree.length } };
}

export function printSearch(figures: SearchFigures): void {
  const { overlap: agree } = figures;
  console.log(`  newsbot (exact top k, pruned)           ${latency(figures.default)}   top 10 = exhaustive for ${agree.same} of ${agree.queries} (mean overlap ${(100 * agree.share).toFixed(1)} %)`);
  console.log(`    slowest: ${figures.default.slowest.map((entry) => `"${entry.query}" ${ms(entry.ms)}`).join(', ')}`);
  console.log(`  newsbot exhaustive (every match scored) ${latency(figures.exhaustive)}   p50 ${(figures.exhaustive.p50 / figures.default.p50).toFixed(1)}×, p99 ${(figures.exhaustive.p99 / figures.default.p99).toFixed(1)}× the default's`);
}

/** Writes the corpus of `size` articles into `dir`; says what it is, or undefined when it cannot be made. */
async function makeCorpus(corpus: string, dir: string, size: number): Promise<string | undefined> {
  if (corpus === 'generated') return `generated ${size / 1000}k (${(await generateCorpus(dir, size)).distinctWords.toLocaleString('en')} distinct words)`;
  const made = await assembleRealCorpus(dir, size);
  return made && `real ${size / 1000}k (${made.originals.toLocaleString('en')} shared articles repeated with variation)`;
}

export async function run(): Promise<void> {
  for (const corpus of SETTINGS.corpora) for (const size of SETTINGS.sizes) {
    const dir = await mkdtemp(join(tmpdir(), `bench-search-${corpus}-${size}-`));
    try {
      const label = await makeCorpus(corpus, dir, size);
      if (!label) {
        console.log(`search latency: skipped, ${SHARED_CORPUS}/{en,vi} is not present`);
        continue;
      }
      const taxonomy = await defaultTaxonomy();
      const start = performance.now();
      const index = CorpusIndex.build((await loadCorpus([dir], { taxonomy })).articles, taxonomy);
      console.log(`\nsearch latency, ${label}; loaded and indexed in ${ms(performance.now() - start)}; ${hugePages()}; load average ${loadAverage()}`);
      const protocol = searchProtocol(index.articles, SETTINGS.searchQueries, SETTINGS.warmQueries, SETTINGS.passes);
      console.log(`p50 / p99 of ${protocol.queries.length} queries of 1–3 corpus words, median of ${protocol.passes} passes each:`);
      printSearch(measureSearch(index, protocol));
      console.log(`load average after: ${loadAverage()}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) await run();
