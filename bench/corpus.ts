// Corpus benchmark (docs/benchmarks.md): newsbot's corpus path beside baselines doing the same work the same
// way, in one process, on two corpora at each size (BENCH_SIZES, default 10000,100000; BENCH_LARGE=1 adds
// 300000): a generated one with a realistic vocabulary (generate-corpus.ts) and real text assembled from
// ../shared/corpus (real-corpus.ts; skipped with a message when absent; BENCH_CORPORA=generated,real).
//   load, index, load + index: newsbot (loadCorpus, CorpusIndex.build) vs the naive synchronous loop and the
//     naive loop + MiniSearch (baselines.ts), each run alone, median of BENCH_ROUNDS rounds in rotating order;
//   heap after load + index, against the raw bytes (newsbot also run with its bodies held in the heap, as it
//     loaded before the body spill: load, index and heap beside the spill's); and the heap of the bot's own
//     path (a CorpusHolder with a snapshot: built, saved, then served from the snapshot, bodies on disk), what
//     a running bot holds;
//   topic lookup and search latency, one protocol for every system (measure.ts), with a check that the default
//     search (exact top k, pruned: search-latency.ts) returns exhaustive scoring's top 10;
//   command latency and peak RSS during a reseed (reseed.ts, its own process; generated corpus).
// Then every figure side by side, one column per corpus and size.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../src/types.ts';
import { listArticleFiles } from '../src/corpus/files.ts';
import { defaultTaxonomy, loadCorpus } from '../src/corpus/load.ts';
import { CorpusHolder } from '../src/index/corpus-holder.ts';
import { CorpusIndex } from '../src/index/corpus-index.ts';
import { FolderSource } from '../src/sources/folder-source.ts';
import { compareHot } from '../src/index/ranking.ts';
import { fold, foldedTerms, foldKey } from '../src/text/fold.ts';
import { naiveLoad } from './baselines.ts';
import { MiniSearchBaseline } from './eval/minisearch-baseline.ts';
import { generateCorpus } from './generate-corpus.ts';
import { gc, hugePages, latency, loadAverage, mb, measureLatency, median, ms, settledHeapUsed, timed, times, type LatencyProtocol, type Percentiles } from './measure.ts';
import { topicQueries } from './queries.ts';
import { assembleRealCorpus, SHARED_CORPUS } from './real-corpus.ts';
import { measureReseed, type ReseedFigures } from './reseed.ts';
import { measureSearch, printSearch, searchProtocol, type SearchFigures } from './search-latency.ts';

const SETTINGS = {
  sizes: (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number).filter((n) => n > 0).concat(process.env.BENCH_LARGE === '1' ? [300_000] : []),
  corpora: (process.env.BENCH_CORPORA ?? 'generated,real').split(','),
  /** Rounds of load + index: 3 up to 20k articles, 1 above (a 100k round of both takes minutes on a busy machine). */
  rounds: (size: number): number => Number(process.env.BENCH_ROUNDS ?? (size <= 20_000 ? 3 : 1)),
  searchQueries: Number(process.env.BENCH_QUERIES ?? 300),
  warmQueries: 100,
  topicQueries: 1000,
  /**
   * Passes per latency measurement, the same for every system, at every size: with one pass the p99 of 300 queries
   * is their fourth slowest single call, and at 100k those were calls of 2–13 ms that the same queries' next
   * passes ran in under 2 (docs/benchmarks.md, "One pass at 100k"). MiniSearch's passes at 100k take minutes.
   */
  passes: Number(process.env.BENCH_PASSES ?? 3),
  /** Linear scans take up to seconds a query at 100k: this many queries of the same set. */
  scanQueries: 10,
  reseed: process.env.BENCH_RESEED !== '0',
};

interface Figures {
  label: string;
  articles: number;
  rawBytes: number;
  note: string;
  /** `bodiesHeld`: newsbot with its bodies in the heap (spillBodies: false), the way it loaded before the spill. */
  load: { newsbot: number; bodiesHeld: number; naive: number };
  index: { newsbot: number; bodiesHeld: number; miniSearch: number };
  /** After load + index; `bot`: a holder served from its snapshot (botHeap). */
  heap: { newsbot: number; bodiesHeld: number; miniSearch: number; bot?: number };
  topic: { newsbot: Percentiles; scan: Percentiles };
  search: SearchFigures & { miniSearch: Percentiles; scan: Percentiles };
  reseed?: ReseedFigures;
}

/** What a topic lookup costs without an index: scan, compare folded names, sort hottest first. */
function scanTopic(articles: readonly Article[], topic: string): Article[] {
  const key = foldKey(topic);
  return articles.filter((article) => article.topics.some((name) => foldKey(name) === key)).sort(compareHot).slice(0, 10);
}

/** What a search costs without an index (texts folded once, beforehand): every article holding every word. */
function scanSearch(folded: readonly string[], articles: readonly Article[], query: string): Article[] {
  const terms = foldedTerms(query);
  const found: Article[] = [];
  for (let i = 0; i < folded.length && found.length < 10; i++) if (terms.every((term) => folded[i]!.includes(term))) found.push(articles[i]!);
  return found;
}

async function benchCorpus(label: string, dir: string, rawBytes: number, note: string): Promise<Figures> {
  const { files: paths } = await listArticleFiles([dir]);
  const rounds = SETTINGS.rounds(paths.length);
  console.log(`\n--- ${label}: ${paths.length.toLocaleString('en')} files, ${mb(rawBytes)} raw, ${note}; ${rounds} round(s); ${hugePages()}; load average ${loadAverage()}`);
  const taxonomy = await defaultTaxonomy();

  // Page cache warm for every file, and each contender's code warm on the first folder.
  for (const path of paths) readFileSync(path);
  const firstFolder = join(dir, '000');
  CorpusIndex.build((await loadCorpus([firstFolder], { taxonomy })).articles, taxonomy);
  new MiniSearchBaseline(naiveLoad((await listArticleFiles([firstFolder])).files));

  const samples = { newsbotLoad: [] as number[], newsbotIndex: [] as number[], heldLoad: [] as number[], heldIndex: [] as number[], naiveLoad: [] as number[], miniSearchIndex: [] as number[] };
  /** newsbot's index while its run is the last, kept for the latency section. */
  let index: CorpusIndex | undefined;
  const heap = { newsbot: 0, bodiesHeld: 0, miniSearch: 0 };
  let duplicates = 0;
  // Each contender runs alone: a big heap left alive by another makes every major GC slower.
  const release = (): Promise<number> => {
    index = undefined;
    return settledHeapUsed();
  };
  /** newsbot as it loads (bodies in a spill file: src/corpus/body-spill.ts), or with the bodies held in the heap, as before. */
  const newsbotRun = (spillBodies: boolean) => async (): Promise<void> => {
    const before = await release();
    const load = await timed(() => loadCorpus([dir], { taxonomy, spillBodies }));
    const build = await timed(() => CorpusIndex.build(load.value.articles, taxonomy));
    (spillBodies ? samples.newsbotLoad : samples.heldLoad).push(load.ms);
    (spillBodies ? samples.newsbotIndex : samples.heldIndex).push(build.ms);
    duplicates = load.value.duplicates;
    const held = (await settledHeapUsed(build.value)) - before;
    if (spillBodies) [heap.newsbot, index] = [held, build.value];
    else heap.bodiesHeld = held;
  };
  const contenders = [
    newsbotRun(true),
    async (): Promise<void> => {
      const before = await release();
      const load = await timed(async () => naiveLoad((await listArticleFiles([dir])).files));
      const build = await timed(() => new MiniSearchBaseline(load.value));
      samples.naiveLoad.push(load.ms);
      samples.miniSearchIndex.push(build.ms);
      heap.miniSearch = (await settledHeapUsed(build.value)) - before;
    },
    newsbotRun(false),
  ];
  for (let round = 0; round < rounds; round++) for (let k = 0; k < contenders.length; k++) await contenders[(k + round) % contenders.length]!();
  const figures = {
    load: { newsbot: median(samples.newsbotLoad), bodiesHeld: median(samples.heldLoad), naive: median(samples.naiveLoad) },
    index: { newsbot: median(samples.newsbotIndex), bodiesHeld: median(samples.heldIndex), miniSearch: median(samples.miniSearchIndex) },
  };
  const rate = (count: number, elapsed: number): string => `${Math.round(count / (elapsed / 1000)).toLocaleString('en')}/s`;
  const all = (list: number[]): string => list.map((t) => t.toFixed(0)).join(' / ');
  console.log(`load         newsbot ${ms(figures.load.newsbot)} (${rate(paths.length, figures.load.newsbot)}; rounds ${all(samples.newsbotLoad)})   naive sync loop ${ms(figures.load.naive)} (rounds ${all(samples.naiveLoad)})   naive/newsbot ${times(figures.load.naive / figures.load.newsbot)}`);
  console.log(`index        newsbot ${ms(figures.index.newsbot)} (rounds ${all(samples.newsbotIndex)})   MiniSearch ${ms(figures.index.miniSearch)} (rounds ${all(samples.miniSearchIndex)})   MiniSearch/newsbot ${times(figures.index.miniSearch / figures.index.newsbot)}`);
  const total = { newsbot: figures.load.newsbot + figures.index.newsbot, naive: figures.load.naive + figures.index.miniSearch };
  console.log(`load+index   newsbot ${ms(total.newsbot)}   naive + MiniSearch ${ms(total.naive)}   ratio ${times(total.naive / total.newsbot)}   (${duplicates} duplicates merged by newsbot)`);
  console.log(`heap after load+index: newsbot ${mb(heap.newsbot)} = ${times(heap.newsbot / rawBytes)} raw   naive + MiniSearch ${mb(heap.miniSearch)} = ${times(heap.miniSearch / rawBytes)} raw`);
  console.log(
    `bodies held in the heap (spillBodies: false, as before): load ${ms(figures.load.bodiesHeld)} (rounds ${all(samples.heldLoad)}), index ${ms(figures.index.bodiesHeld)} (rounds ${all(samples.heldIndex)}), heap ${mb(heap.bodiesHeld)} = ${times(heap.bodiesHeld / rawBytes)} raw; the spill: load ${times(figures.load.newsbot / figures.load.bodiesHeld)}, index ${times(figures.index.newsbot / figures.index.bodiesHeld)}, heap ${times(heap.newsbot / heap.bodiesHeld)}`,
  );

  // Latencies: each system with only its own structures alive. A scavenge (every few MB a query allocates) visits
  // every page of the old generation: with MiniSearch's heap alive too, newsbot's took 20–50 ms at 100k, each
  // inside some query (docs/benchmarks.md, "Latency with another heap alive"). newsbot's index is built again
  // when the last round let it go, MiniSearch's always, untimed.
  const newsbot = newsbotLatencies(index ?? CorpusIndex.build((await loadCorpus([dir], { taxonomy })).articles, taxonomy));
  index = undefined;
  gc();
  const mini = new MiniSearchBaseline(naiveLoad(paths));
  const miniSearchLatency = measureLatency(newsbot.protocol, (query) => mini.search(query, 10));
  const { search } = newsbot;
  console.log(`  MiniSearch (BM25, all words then any)   ${latency(miniSearchLatency)}   ratio p50 ${times(miniSearchLatency.p50 / search.default.p50)}, p99 ${times(miniSearchLatency.p99 / search.default.p99)}`);
  gc();
  return { label, articles: newsbot.articles, rawBytes, note, ...figures, heap, topic: newsbot.topic, search: { ...search, miniSearch: miniSearchLatency } };
}

/**
 * newsbot's topic lookup and search latencies on `built`, and the linear scans' over its articles (their texts
 * folded after newsbot's calls), with no other system's structures alive; the search protocol for MiniSearch.
 */
function newsbotLatencies(built: CorpusIndex): { articles: number; topic: Figures['topic']; search: SearchFigures & { scan: Percentiles }; protocol: LatencyProtocol } {
  const topicProtocol: LatencyProtocol = {
    queries: topicQueries(built.topics().map((topic) => topic.name), 7, SETTINGS.topicQueries),
    warmQueries: topicQueries(built.topics().map((topic) => topic.name), 8, SETTINGS.warmQueries),
    passes: SETTINGS.passes,
  };
  const scanProtocol = (protocol: LatencyProtocol): LatencyProtocol => ({ queries: protocol.queries.slice(0, SETTINGS.scanQueries), warmQueries: protocol.warmQueries.slice(0, 2), passes: 1 });
  const topic = {
    newsbot: measureLatency(topicProtocol, (name) => built.byTopic(name, { limit: 10 })),
    scan: measureLatency(scanProtocol(topicProtocol), (name) => scanTopic(built.articles, name)),
  };
  console.log(`topic lookup p50 / p99 (${topicProtocol.queries.length} lookups, median of ${topicProtocol.passes} passes): newsbot ${latency(topic.newsbot)}   linear scan ${latency(topic.scan)} (${SETTINGS.scanQueries} lookups, 1 pass)`);

  const protocol = searchProtocol(built.articles, SETTINGS.searchQueries, SETTINGS.warmQueries, SETTINGS.passes);
  console.log(`search p50 / p99 (${protocol.queries.length} queries of 1–3 corpus words, median of ${protocol.passes} passes, same for each):`);
  const search = measureSearch(built, protocol);
  printSearch(search);
  const folded = built.articles.map((article) => fold(`${article.title}\n${article.excerpt}\n${article.body}`));
  const scan = measureLatency(scanProtocol(protocol), (query) => scanSearch(folded, built.articles, query));
  console.log(`  linear scan (all words, pre-folded text) ${latency(scan)}   (${SETTINGS.scanQueries} queries, 1 pass)`);
  return { articles: built.articles.length, topic, search: { ...search, scan }, protocol };
}

/**
 * The heap a bot holds on this corpus: CorpusHolder.open with an empty snapshot folder, as on a first start
 * (load, build, save, then serve from the snapshot), ready for changes as it is once the background work after
 * an open is done. Measured with nothing else alive, after the latency section has let go of its indexes.
 */
async function botHeap(dir: string, rawBytes: number): Promise<number> {
  const taxonomy = await defaultTaxonomy();
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-bot-heap-'));
  try {
    const before = await settledHeapUsed();
    const holder = await CorpusHolder.open([new FolderSource(dir, { taxonomy })], { taxonomy, snapshot: { dir: dataDir, log: () => undefined } });
    await holder.idle();
    await holder.prepared();
    const held = (await settledHeapUsed()) - before;
    console.log(`heap of the bot's path (CorpusHolder with a snapshot, ${holder.current.size.toLocaleString('en')} articles served from it): ${mb(held)} = ${times(held / rawBytes)} raw`);
    return held;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function reseedFigures(dir: string): Promise<ReseedFigures> {
  const figures = await measureReseed(dir);
  const { steady, reseed } = figures;
  console.log(`reseed of ${figures.articles.toLocaleString('en')} articles (own process; /news-equivalent command every 10 ms): took ${ms(figures.reseedMs)}`);
  console.log(`  command latency p50 / p99 / max: steady ${latency(steady.commands)} / ${ms(steady.commands.max)}   during reseed ${latency(reseed.commands)} / ${ms(reseed.commands.max)} (${reseed.count} commands; target p99 ≤ 50 ms); event-loop delay max ${ms(reseed.loopDelayMaxMs)}`);
  console.log(`  RSS: steady ${mb(steady.rssBytes)}, peak during reseed ${mb(reseed.peakRssBytes)} = ${times(reseed.peakRssBytes / steady.rssBytes)} (target ≤ 1.3×)`);
  const files = fileChanges(figures);
  if (files) console.log(`  a file added / changed / removed (before the full rebuild): ${files.seconds}; commands p99 ${files.p99}; peak RSS ${files.peak} steady`);
  return figures;
}

/** The single-file reloads (a live update): their durations, command p99s and peak RSS against steady. */
function fileChanges(figures: ReseedFigures | undefined): { seconds: string; p99: string; peak: string } | undefined {
  const cases = figures?.cases;
  if (!figures || !cases) return undefined;
  const rows = [cases.oneAdded, cases.oneChanged, cases.oneRemoved];
  return {
    seconds: rows.map((row) => ms(row.ms)).join(' / '),
    p99: rows.map((row) => ms(row.commands.p99)).join(' / '),
    peak: rows.map((row) => times(row.peakRssBytes / figures.steady.rssBytes)).join(' / '),
  };
}

/** Every figure, one column per corpus and size. */
function printTable(columns: Figures[]): void {
  const rows: [string, (f: Figures) => string][] = [
    ['articles / raw', (f) => `${f.articles.toLocaleString('en')} / ${mb(f.rawBytes)}`],
    ['load: newsbot', (f) => ms(f.load.newsbot)],
    ['load: naive sync loop', (f) => ms(f.load.naive)],
    ['  naive / newsbot', (f) => times(f.load.naive / f.load.newsbot)],
    ['index: newsbot', (f) => ms(f.index.newsbot)],
    ['index: MiniSearch', (f) => ms(f.index.miniSearch)],
    ['  MiniSearch / newsbot', (f) => times(f.index.miniSearch / f.index.newsbot)],
    ['load+index: newsbot', (f) => ms(f.load.newsbot + f.index.newsbot)],
    ['load+index: naive+MiniSearch', (f) => ms(f.load.naive + f.index.miniSearch)],
    ['  baseline / newsbot', (f) => times((f.load.naive + f.index.miniSearch) / (f.load.newsbot + f.index.newsbot))],
    ['newsbot index per article', (f) => `${((1000 * f.index.newsbot) / f.articles).toFixed(1)} µs`],
    ['heap ÷ raw: newsbot', (f) => times(f.heap.newsbot / f.rawBytes)],
    ['heap ÷ raw: bodies held (before)', (f) => times(f.heap.bodiesHeld / f.rawBytes)],
    ['  load / index, spill ÷ held', (f) => `${times(f.load.newsbot / f.load.bodiesHeld)} / ${times(f.index.newsbot / f.index.bodiesHeld)}`],
    ['heap ÷ raw: naive+MiniSearch', (f) => times(f.heap.miniSearch / f.rawBytes)],
    ['heap ÷ raw: bot (snapshot)', (f) => (f.heap.bot ? times(f.heap.bot / f.rawBytes) : '–')],
    ['topic p50/p99: newsbot', (f) => latency(f.topic.newsbot)],
    ['topic p50/p99: linear scan', (f) => latency(f.topic.scan)],
    ['search p50/p99: default (exact)', (f) => latency(f.search.default)],
    ['search p50/p99: exhaustive', (f) => latency(f.search.exhaustive)],
    ['search p50/p99: MiniSearch', (f) => latency(f.search.miniSearch)],
    ['search p50/p99: linear scan', (f) => latency(f.search.scan)],
    ['  MiniSearch / default p99', (f) => times(f.search.miniSearch.p99 / f.search.default.p99)],
    ['default top10 = exhaustive', (f) => `${f.search.overlap.same}/${f.search.overlap.queries}`],
    ['reseed: duration', (f) => (f.reseed ? ms(f.reseed.reseedMs) : '–')],
    ['reseed: command p50/p99', (f) => (f.reseed ? latency(f.reseed.reseed.commands) : '–')],
    ['reseed: command max', (f) => (f.reseed ? ms(f.reseed.reseed.commands.max) : '–')],
    ['steady: command p50/p99', (f) => (f.reseed ? latency(f.reseed.steady.commands) : '–')],
    ['reseed: peak RSS / steady', (f) => (f.reseed ? `${mb(f.reseed.reseed.peakRssBytes)} / ${mb(f.reseed.steady.rssBytes)} = ${times(f.reseed.reseed.peakRssBytes / f.reseed.steady.rssBytes)}` : '–')],
    ['a file added/changed/removed: peak', (f) => fileChanges(f.reseed)?.peak ?? '–'],
  ];
  const cells = [['', ...columns.map((f) => f.label)], ...rows.map(([name, cell]) => [name, ...columns.map(cell)])];
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  console.log(`\n=== side by side (load average now ${loadAverage()}; ratios are steadier than times on a shared machine)`);
  for (const row of cells) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
}

export async function run(): Promise<void> {
  console.log(`corpus bench: sizes ${SETTINGS.sizes.join(', ')}; corpora ${SETTINGS.corpora.join(', ')}; load average ${loadAverage()} (1, 5, 15 min)`);
  const columns: Figures[] = [];
  for (const size of SETTINGS.sizes) {
    for (const corpus of SETTINGS.corpora) {
      const dir = await mkdtemp(join(tmpdir(), `bench-corpus-${corpus}-${size}-`));
      try {
        const start = performance.now();
        if (corpus === 'generated') {
          const made = await generateCorpus(dir, size);
          const note = `${made.distinctWords.toLocaleString('en')} distinct words (generated in ${ms(performance.now() - start)})`;
          const figures = await benchCorpus(`generated ${size / 1000}k`, dir, made.bytes, note);
          figures.heap.bot = await botHeap(dir, made.bytes);
          if (SETTINGS.reseed) figures.reseed = await reseedFigures(dir);
          columns.push(figures);
        } else if (corpus === 'real') {
          const made = await assembleRealCorpus(dir, size);
          if (!made) {
            console.log(`\n--- real ${size / 1000}k: skipped, ${SHARED_CORPUS}/{en,vi} is not present`);
            continue;
          }
          const figures = await benchCorpus(`real ${size / 1000}k`, dir, made.bytes, `${made.originals.toLocaleString('en')} shared articles repeated with variation (assembled in ${ms(performance.now() - start)})`);
          figures.heap.bot = await botHeap(dir, made.bytes);
          columns.push(figures);
        } else console.log(`unknown corpus ${corpus} in BENCH_CORPORA (generated, real)`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  }
  if (columns.length) printTable(columns);
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) await run();
