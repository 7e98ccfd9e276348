// Command latency during a reseed, in a process of its own (so the heaps of other measurements do not count):
// the corpus in `dir` is opened as the bot opens it (CorpusHolder + FolderSource), then `/news`-equivalent
// commands (a topic lookup and a search on `holder.current`) arrive every 10 ms on the same event loop, first
// for a steady period, then (`cases`, on a copy of `dir` the bench edits) while `holder.reload()` applies what
// changed: nothing, one file added, one changed, one removed; then while `holder.reload(undefined, { full: true })`
// rebuilds the whole corpus; then 1,000 files changed (RESEED_CASES=0 skips the cases). Each row also says the
// RSS it started from: the allocator keeps some of what a row freed, so the small cases run first. A command that arrives while the
// loop is blocked waits: its latency is from its arrival to its answer, backlog included, as a bot would
// answer them. Also the longest the event loop was held (how late that timer fired) and the process's peak RSS, sampled every 5 ms by a
// helper thread (which keeps running while this thread is blocked), against the steady state's.
//
// The holder has a snapshot folder (a temporary DATA_DIR/corpus-snapshot), as the bot's has, so the reseed
// loads and builds on a worker thread and this thread restores the snapshot it wrote; RESEED_SNAPSHOT=0
// measures the holder without one (everything on this thread). The snapshot is built by a child process
// first, so the process measured is a bot restarted on it: its steady RSS holds no memory the allocator kept
// from a build (until 1 December 2026 the build ran in this process, and "steady" was ~3× a restarted bot's:
// 1.73 GB against 0.55 GB at 100k, which made every peak ratio look ~3× smaller).
//
//   node bin/run-ts.js bench/reseed.ts DIR    → one JSON line (ReseedFigures)
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { defaultTaxonomy } from '../src/corpus/load.ts';
import { CorpusHolder } from '../src/index/corpus-holder.ts';
import { FolderSource } from '../src/sources/folder-source.ts';
import { gc, percentiles, type Percentiles } from './measure.ts';
import { searchQueries, topicQueries } from './queries.ts';

const ARRIVAL_MS = 10;
const STEADY_MS = 2000;
const WARM_MS = 3000;
/** A loop delay this long or longer is listed as a block. */
const BLOCK_MS = 100;
/** A loop delay this long or longer is listed as a hold, with the collections that overlap it (diagnostics). */
const HOLD_MS = 20;

/** The event loop held for `ms`, from `atMs` after the stream started. */
export interface Block {
  atMs: number;
  ms: number;
}

/** One `/news`-equivalent command; true when it is the first on an index swapped in since the one before. */
type Command = (n: number) => boolean;

/** A command whose own run (not the wait before it) took ≥ HOLD_MS: at `atMs`, and whether it was the first on a new index. */
export interface SlowCommand extends Block {
  timelineMs: number;
  firstOnNewIndex: boolean;
}

/** A collection V8 reported (a `gc` performance entry): when, how long it paused the thread, which kind. */
export interface Collection {
  atMs: number;
  ms: number;
  kind: 'scavenge' | 'mark-compact' | 'incremental' | 'weak callbacks';
}

/** The event loop held for `ms` (≥ HOLD_MS), and the collections that ran meanwhile: what makes a row's p99. */
export interface Hold extends Block {
  /** `atMs` on the process's performance timeline (to line holds up with a --cpu-prof profile: RESEED_CLOCK=1). */
  timelineMs: number;
  collections: Collection[];
}

/** Commands answered while something ran, and the process's peak RSS meanwhile. */
export interface DuringFigures {
  commands: Percentiles;
  count: number;
  loopDelayMaxMs: number;
  peakRssBytes: number;
  /** RSS as it started (after a full collection): what the rows before it left the allocator holding. */
  rssBeforeBytes: number;
  blocks: Block[];
  holds: Hold[];
  slowCommands: SlowCommand[];
  /** Every collection while it ran: how many, and their pauses added up (ms), by kind. */
  collections: Record<string, { count: number; ms: number; maxMs: number }>;
}

/** One reload applying what changed: how long it took, what it reported, the commands meanwhile. */
export interface CaseFigures extends DuringFigures {
  ms: number;
  added: number;
  updated: number;
  removed: number;
}

export interface ReseedFigures {
  articles: number;
  /** The full rebuild (the worker thread's load and build, the restore, the swap). */
  reseedMs: number;
  steady: { commands: Percentiles; count: number; rssBytes: number };
  reseed: DuringFigures;
  /** Reloads applying changes: nothing changed, one file added / changed / removed, 1,000 files changed. */
  cases?: Record<'unchanged' | 'oneAdded' | 'oneChanged' | 'oneRemoved' | 'thousandChanged', CaseFigures>;
  /**
   * The merge queued after the cases (the bench's threshold: MERGE_AT pending changes). With a snapshot the 1,000
   * changed files, more than MERGE_AT changes at once, are built on the worker by the reload itself: then ~0.
   */
  merge?: DuringFigures & { ms: number };
}

/** The bench's merge threshold: the 1,000 files changed pass it (≥ 1,000 pending), the single-file cases do not. */
const MERGE_AT = 1000;

/**
 * Commands arriving every ARRIVAL_MS from now; each answered in arrival order when the loop gets to it.
 * Also the longest the loop was held: how late the timer that answers them fired.
 */
function commandStream(command: Command): { stop: () => { latencies: number[]; maxLoopDelay: number; blocks: Block[]; holds: Hold[]; slowCommands: SlowCommand[]; collections: DuringFigures['collections'] } } {
  const latencies: number[] = [];
  const blocks: Block[] = [];
  const held: Block[] = [];
  const slowCommands: SlowCommand[] = [];
  const start = performance.now();
  let next = start;
  let n = 0;
  let stopAt = Infinity;
  let timer: NodeJS.Timeout | undefined;
  let due = next;
  let maxLoopDelay = 0;
  const drain = (): void => {
    const delay = performance.now() - due;
    maxLoopDelay = Math.max(maxLoopDelay, delay);
    if (delay >= BLOCK_MS) blocks.push({ atMs: due - start, ms: delay });
    if (delay >= HOLD_MS) held.push({ atMs: due - start, ms: delay });
    for (let now = performance.now(); next <= Math.min(now, stopAt); now = performance.now()) {
      const began = performance.now();
      const firstOnNewIndex = command(n++);
      const ended = performance.now();
      if (ended - began >= HOLD_MS) slowCommands.push({ atMs: began - start, timelineMs: began, ms: ended - began, firstOnNewIndex });
      latencies.push(ended - next);
      next += ARRIVAL_MS;
    }
    if (stopAt === Infinity) {
      due = Math.max(next, performance.now());
      timer = setTimeout(drain, due - performance.now());
    }
  };
  timer = setTimeout(drain, 0);
  return {
    stop: () => {
      clearTimeout(timer);
      stopAt = performance.now();
      drain();
      // Entries reach the observer after the collection: taken now, they cover all but the last few ms.
      const during = collections.filter((entry) => entry.atMs >= start).map((entry) => ({ ...entry, atMs: entry.atMs - start }));
      const holds = held.map((hold) => ({ ...hold, timelineMs: hold.atMs + start, collections: during.filter((gc) => gc.atMs + gc.ms > hold.atMs && gc.atMs < hold.atMs + hold.ms) }));
      const byKind: DuringFigures['collections'] = {};
      for (const { kind, ms } of during) {
        const sum = (byKind[kind] ??= { count: 0, ms: 0, maxMs: 0 });
        sum.count++;
        sum.ms += ms;
        sum.maxMs = Math.max(sum.maxMs, ms);
      }
      return { latencies, maxLoopDelay, blocks, holds, slowCommands, collections: byKind };
    },
  };
}

/** Every collection in this process since the bench started (performance timeline), for the holds' account. */
const collections: Collection[] = [];
const GC_KINDS: Record<number, Collection['kind']> = {
  [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};
function observeCollections(): void {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) collections.push({ atMs: entry.startTime, ms: entry.duration, kind: GC_KINDS[(entry as unknown as { detail: { kind: number } }).detail.kind] ?? 'mark-compact' });
  }).observe({ entryTypes: ['gc'] });
}

/** Process RSS, peak since start, sampled on a helper thread every 5 ms. */
function rssSampler(): { stop: () => Promise<number> } {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     let peak = process.memoryUsage.rss();
     const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 5);
     parentPort.on('message', () => { clearInterval(timer); parentPort.postMessage(Math.max(peak, process.memoryUsage.rss())); });`,
    { eval: true },
  );
  return {
    stop: () =>
      new Promise((resolvePeak) => {
        worker.once('message', (peak: number) => {
          void worker.terminate();
          resolvePeak(peak);
        });
        worker.postMessage('stop');
      }),
  };
}

/** Commands answered while `work` runs, and the peak RSS meanwhile. */
async function during<T>(command: Command, work: () => Promise<T>): Promise<{ value: T; ms: number; figures: DuringFigures }> {
  const rssBeforeBytes = process.memoryUsage.rss();
  const peakRss = rssSampler();
  const stream = commandStream(command);
  const start = performance.now();
  const value = await work();
  const ms = performance.now() - start;
  const { latencies, maxLoopDelay, blocks, holds, slowCommands, collections } = stream.stop();
  const peakRssBytes = await peakRss.stop();
  return { value, ms, figures: { commands: percentiles(latencies), count: latencies.length, loopDelayMaxMs: maxLoopDelay, blocks, holds, slowCommands, collections, peakRssBytes, rssBeforeBytes } };
}

/** Every article file under `dir`, sorted. */
function articleFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((name) => name.endsWith('.md') || name.endsWith('.txt')).sort().map((name) => join(dir, name));
}

async function measure(source: string): Promise<ReseedFigures> {
  const taxonomy = await defaultTaxonomy();
  const withCases = process.env.RESEED_CASES !== '0';
  // The cases edit files: a copy of the corpus (page cache warm by the first open).
  const copy = withCases ? mkdtempSync(join(tmpdir(), 'bench-reseed-corpus-')) : undefined;
  if (copy) cpSync(source, copy, { recursive: true });
  const dir = copy ?? source;
  const dataDir = process.env.RESEED_SNAPSHOT === '0' ? undefined : mkdtempSync(join(tmpdir(), 'bench-reseed-'));
  const snapshot = dataDir ? { dir: join(dataDir, 'corpus-snapshot'), log: (line: string) => console.error(`  (${line})`) } : undefined;
  // With a snapshot, as a bot restarted on an unchanged corpus: a child process builds and saves it, this one
  // restores it (its heap and RSS hold no garbage of a build).
  if (dataDir) await prepareSnapshot(dir, dataDir);
  gc();
  const holder = await CorpusHolder.open([new FolderSource(dir, { taxonomy })], { taxonomy, snapshot, merge: { mergeArticles: MERGE_AT } });
  const articles = holder.current.articles.length;
  const searches = searchQueries(holder.current.articles, 17, 500);
  const topics = topicQueries(holder.current.topics().map((topic) => topic.name), 19, 500);
  let served = holder.current;
  const command = (n: number): boolean => {
    const index = holder.current;
    index.byTopic(topics[n % topics.length]!, { limit: 10 });
    index.search(searches[n % searches.length]!, { limit: 10 });
    const first = index !== served;
    served = index;
    return first;
  };
  // A restarted bot warms up (its first commands compile code and restore lookups; the holder prepares the
  // index for changes in the background): the steady period starts after WARM_MS of commands.
  const warm = commandStream(command);
  await new Promise((done) => setTimeout(done, WARM_MS));
  warm.stop();
  gc();

  const steadyRss = rssSampler();
  const steadyStream = commandStream(command);
  await new Promise((done) => setTimeout(done, STEADY_MS));
  const steadyLatencies = steadyStream.stop().latencies;
  const rssBytes = await steadyRss.stop();

  // The single-file cases first, from the restarted bot's state (what a file dropped into a folder costs),
  // then the full rebuild, then 1,000 files: RSS the allocator kept from a large row would count in the next.
  const files = articleFiles(dir);
  const small = withCases ? await measureSmallCases(holder, dir, files, command) : undefined;
  gc();
  const full = await during(command, () => holder.reload(undefined, { full: true }));
  const cases = small && { ...small, thousandChanged: await measureThousand(holder, files, command) };
  const merge = cases && (await during(command, () => holder.idle()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (copy) rmSync(copy, { recursive: true, force: true });
  return {
    articles,
    reseedMs: full.ms,
    steady: { commands: percentiles(steadyLatencies), count: steadyLatencies.length, rssBytes },
    reseed: full.figures,
    ...(cases && { cases }),
    ...(merge && { merge: { ms: merge.ms, ...merge.figures } }),
  };
}

/** A reload applying what `change` did to the folder, after the merge the one before queued (if any). */
async function reloadCase(holder: CorpusHolder, command: Command, change: () => void): Promise<CaseFigures> {
  await holder.idle();
  gc();
  change();
  const { value, ms, figures } = await during(command, () => holder.reload());
  return { ms, added: value.added.length, updated: value.updated.length, removed: value.removed.length, ...figures };
}

/** An edit that changes the article: a sentence appended to its body. */
const edit = (path: string, n: number) => appendFileSync(path, `\n\nUpdate ${n}: the bench appended this sentence.\n`);

/** Nothing changed, one file added, one changed (files[0]), one removed (files[1]), one after another. */
async function measureSmallCases(holder: CorpusHolder, dir: string, files: string[], command: Command): Promise<Omit<NonNullable<ReseedFigures['cases']>, 'thousandChanged'>> {
  const unchanged = await reloadCase(holder, command, () => undefined);
  const oneAdded = await reloadCase(holder, command, () => writeFileSync(join(dir, 'bench-added.md'), `---\ntitle: A file the bench added\noriginalUrl: https://bench.example/added\n---\nA new article, dropped into the folder by the bench.\n`));
  const oneChanged = await reloadCase(holder, command, () => edit(files[0]!, 0));
  const oneRemoved = await reloadCase(holder, command, () => rmSync(files[1]!));
  return { unchanged, oneAdded, oneChanged, oneRemoved };
}

/** 1,000 files spread over the folder (files 0 and 1 were edited before); fewer in a corpus too small for that. */
function measureThousand(holder: CorpusHolder, files: string[], command: Command): Promise<CaseFigures> {
  const count = Math.min(1000, files.length - 2);
  return reloadCase(holder, command, () => {
    for (let i = 0; i < count; i++) edit(files[2 + Math.floor((i * (files.length - 2)) / count)]!, i);
  });
}

/** Builds and saves the snapshot of `dir` under `dataDir` in a child process (`--prepare`). */
function prepareSnapshot(dir: string, dataDir: string): Promise<void> {
  const root = resolve(import.meta.dirname, '..');
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, resolve(root, 'bin', 'run-ts.js'), resolve(root, 'bench', 'reseed.ts'), '--prepare', dir, dataDir], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? done() : reject(new Error(`bench/reseed.ts --prepare exited with ${code}`))));
  });
}

/** Runs the measurement on `dir` in a child process. */
export function measureReseed(dir: string): Promise<ReseedFigures> {
  const root = resolve(import.meta.dirname, '..');
  return new Promise((resolveFigures, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, resolve(root, 'bin', 'run-ts.js'), resolve(root, 'bench', 'reseed.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) resolveFigures(JSON.parse(last) as ReseedFigures);
      else reject(new Error(`bench/reseed.ts exited with ${code}: ${output.slice(-500)}`));
    });
  });
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href && process.argv[2] === '--prepare') {
  const taxonomy = await defaultTaxonomy();
  const [dir, dataDir] = process.argv.slice(3) as [string, string];
  await CorpusHolder.open([new FolderSource(dir, { taxonomy })], { taxonomy, snapshot: { dir: join(dataDir, 'corpus-snapshot'), log: (line: string) => console.error(`  (${line})`) } });
} else if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node bin/run-ts.js bench/reseed.ts DIR');
    process.exit(2);
  }
  observeCollections();
  if (process.env.RESEED_CLOCK) console.error(`  (clock: performance.now() 0 is hrtime ${(Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000).toFixed(0)} µs)`);
  const figures = await measure(dir);
  // Where the reseed held the loop, and each case, for people (stderr: the parent reads the JSON line on stdout).
  const blocks = figures.reseed.blocks.map((block) => `${(block.ms / 1000).toFixed(2)} s at +${(block.atMs / 1000).toFixed(2)} s`);
  console.error(`  event loop held ≥ ${BLOCK_MS} ms ${blocks.length} time(s) during the full rebuild: ${blocks.slice(0, 8).join(', ')}${blocks.length > 8 ? ', …' : ''}`);
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  const line = (name: string, ms: number, during: DuringFigures, what = '') =>
    console.error(
      `  ${name.padEnd(16)} ${(ms / 1000).toFixed(2).padStart(7)} s${what}  commands p50/p99/max ${during.commands.p50.toFixed(1)}/${during.commands.p99.toFixed(1)}/${during.commands.max.toFixed(0)} ms  loop held ≤ ${during.loopDelayMaxMs.toFixed(0)} ms  peak RSS ${mb(during.peakRssBytes)} = ${(during.peakRssBytes / figures.steady.rssBytes).toFixed(2)}× steady (${mb(figures.steady.rssBytes)}; +${mb(during.peakRssBytes - figures.steady.rssBytes)}; +${mb(during.peakRssBytes - during.rssBeforeBytes)} over the ${mb(during.rssBeforeBytes)} before it)`,
    );
  console.error(`  steady           commands p50/p99/max ${figures.steady.commands.p50.toFixed(1)}/${figures.steady.commands.p99.toFixed(1)}/${figures.steady.commands.max.toFixed(0)} ms  RSS ${mb(figures.steady.rssBytes)}  load average ${loadavg()[0]!.toFixed(1)} at the end`);
  // The rows in the order they ran: each with its duration and, for a case, what the reload reported.
  const { thousandChanged, ...small } = figures.cases ?? {};
  const caseRow = ([name, figure]: [string, CaseFigures]): [string, number, DuringFigures, string] => [name, figure.ms, figure, ` (+${figure.added} ~${figure.updated} -${figure.removed})`];
  const rows: [string, number, DuringFigures, string][] = [
    ...Object.entries(small).map(caseRow),
    ['full rebuild', figures.reseedMs, figures.reseed, ''],
    ...(thousandChanged ? [caseRow(['thousandChanged', thousandChanged])] : []),
    ...(figures.merge ? [['merge', figures.merge.ms, figures.merge, ''] as [string, number, DuringFigures, string]] : []),
  ];
  for (const [name, ms, during, what] of rows) line(name, ms, during, what);
  // What held the loop ≥ HOLD_MS in each row, with the collections that ran meanwhile.
  for (const [name, , during] of rows) {
    const holds = during.holds.map((hold) => `${hold.ms.toFixed(0)} ms at +${(hold.atMs / 1000).toFixed(2)} s${hold.collections.length ? ` (${hold.collections.map((gc) => `${gc.kind} ${gc.ms.toFixed(0)} ms`).join(', ')})` : ''}`);
    const gcs = Object.entries(during.collections).map(([kind, sum]) => `${sum.count} ${kind} ${sum.ms.toFixed(0)} ms (max ${sum.maxMs.toFixed(0)})`);
    const slow = during.slowCommands.map((command) => `${command.ms.toFixed(0)} ms at +${(command.atMs / 1000).toFixed(2)} s${command.firstOnNewIndex ? ' (first on the new index)' : ''}`);
    console.error(`  ${name.padEnd(16)} held ≥ ${HOLD_MS} ms: ${holds.length ? holds.slice(0, 8).join(', ') + (holds.length > 8 ? ', …' : '') : 'never'}; collections: ${gcs.join(', ') || 'none'}; commands that took ≥ ${HOLD_MS} ms: ${slow.slice(0, 4).join(', ') || 'none'}`);
  }
  console.log(JSON.stringify(figures));
}
