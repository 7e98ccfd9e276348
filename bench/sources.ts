// Live sources: (1) one poll cycle over 1,000 feeds on a loopback server (a child process, so the CPU figure is
// the bot's alone), most answering 304 to the conditional GET, as after the first fetch; (2) file-to-post
// latency: the time from writing an article file into a watched corpus folder to the article being returned by
// the `/news` query (CorpusIndex.byTopic), through the bot's wiring (fs.watch → CorpusSync.reload).
// Baseline for (1): the same requests as bare keep-alive GETs, no parsing, claims or store.
// Targets (issue 10): cycle ≤ 10 s wall on a 2-core machine, ≤ 1 s CPU per 100 unchanged sources; file visible ≤ 5 s.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultTaxonomy } from '../src/corpus/load.ts';
import { CorpusSync } from '../src/delivery/corpus-sync.ts';
import { CorpusHolder } from '../src/index/corpus-holder.ts';
import type { FeedConfig } from '../src/sources/feed-config.ts';
import { FeedPoller } from '../src/sources/feed-poller.ts';
import { FeedSource } from '../src/sources/feed-source.ts';
import { FeedStates } from '../src/sources/feed-state.ts';
import { FolderSource } from '../src/sources/folder-source.ts';
import { openStore } from '../src/storage/open-store.ts';

const SOURCES = 1000;
/** One source in CHANGED_EVERY has a new item at the second cycle; the rest answer 304. */
const CHANGED_EVERY = 20;
const DROPS = 5;

// The feed server, as plain JS in a child process: /f/N answers 304 to its ETag, else a 10-item RSS feed.
const SERVER = `
const http = require('node:http');
let generation = 1;
const feed = (n, g) => '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ' + n + '</title>' +
  Array.from({ length: 10 }, (_, i) => '<item><title>Story ' + n + '-' + g + '-' + i + ' about cloud computing and AI models</title><link>https://s' + n + '.example/' + g + '/' + i + '</link><description>&lt;p&gt;Lead of story ' + i + ' from feed ' + n + '.&lt;/p&gt;</description><pubDate>Wed, 01 May 2024 08:00:00 GMT</pubDate></item>').join('') + '</channel></rss>';
const server = http.createServer((req, res) => {
  if (req.url === '/next') { generation++; return res.end('ok'); }
  const n = Number(req.url.split('/')[2]);
  const g = generation > 1 && n % ${CHANGED_EVERY} === 0 ? generation : 1;
  const etag = '"g' + g + '"';
  if (req.headers['if-none-match'] === etag) { res.writeHead(304, { etag }); return res.end(); }
  res.writeHead(200, { 'content-type': 'application/rss+xml', etag }); res.end(feed(n, g));
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startServer(): Promise<{ base: string; next: () => Promise<void>; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((done) => child.stdout.once('data', (chunk: Buffer) => done(Number(String(chunk).trim()))));
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    next: () => new Promise((done) => get(`${base}/next`, (res) => res.resume().on('end', () => done()))),
    stop: () => void child.kill(),
  };
}

function measure<T>(fn: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number; heapMb: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  return fn().then((value) => {
    const used = process.cpuUsage(cpu);
    return { value, wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, heapMb: process.memoryUsage().heapUsed / 2 ** 20 };
  });
}

/** The transport floor: the same number of GETs, 32 at a time over keep-alive, each answered 304. */
async function bareGets(base: string, count: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      await new Promise<void>((done, fail) => get(`${base}/f/${i}`, { agent, headers: { 'if-none-match': '"g1"' } }, (res) => res.resume().on('end', done)).on('error', fail));
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  agent.destroy();
}

async function pollCycle(): Promise<void> {
  const server = await startServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'newsbot-bench-sources-'));
  let now = Date.parse('2024-05-01T09:00:00Z');
  const clock = { now: () => new Date(now) };
  const store = await openStore(undefined, dataDir, { now: () => now });
  try {
    const taxonomy = await defaultTaxonomy();
    const feeds: FeedConfig[] = Array.from({ length: SOURCES }, (_, i) => ({ name: `Feed ${i}`, url: `${server.base}/f/${i}`, everyMs: 15 * 60_000, topics: [], enabled: true }));
    const states = new FeedStates(store.namespace('sources'));
    const poller = new FeedPoller({ feeds, states, claims: store.claims, owner: 'bench', taxonomy, fetch: { allowPrivate: true }, clock });
    const cold = await measure(() => poller.poll());
    const corpus = await CorpusHolder.open(feeds.map((feed) => new FeedSource(feed, states)), { taxonomy });
    const sync = new CorpusSync({ meta: store.namespace('meta'), corpus, owner: 'bench', clock });

    await server.next();
    now += 15 * 60_000;
    const baseline = await measure(() => bareGets(server.base, SOURCES));
    const warm = await measure(() => poller.cycle((ids, reason) => sync.reload(ids, reason)));
    const outcomes = warm.value;
    const unchanged = outcomes.filter((o) => o.status === 304).length;
    const changed = outcomes.filter((o) => o.new > 0).length;
    const failed = outcomes.filter((o) => !o.ok).length;
    console.log(`poll cycle over ${SOURCES} sources (child-process server on loopback; SQLite store; claims as the bot takes them)`);
    console.log(`  first cycle (all 200, ${cold.value.length} fetched): ${(cold.wallMs / 1000).toFixed(2)} s wall, ${(cold.cpuMs / 1000).toFixed(2)} s CPU`);
    console.log(`  cycle: ${outcomes.length} requests, ${unchanged} × 304, ${changed} changed (${changed * 10} new items, reloaded into the corpus), ${failed} failed`);
    console.log(`    wall ${(warm.wallMs / 1000).toFixed(2)} s (target ≤ 10 s), CPU ${(warm.cpuMs / 1000).toFixed(2)} s = ${((warm.cpuMs / 1000) / (unchanged / 100)).toFixed(3)} s per 100 unchanged sources (target ≤ 1 s), heap ${warm.heapMb.toFixed(0)} MB`);
    console.log(`  baseline (bare keep-alive GETs, 304): ${(baseline.wallMs / 1000).toFixed(2)} s wall, ${(baseline.cpuMs / 1000).toFixed(2)} s CPU; cycle/baseline: wall ×${(warm.wallMs / baseline.wallMs).toFixed(1)}, CPU ×${(warm.cpuMs / baseline.cpuMs).toFixed(1)}`);
    console.log(`  corpus after the cycle: ${corpus.current.articles.length} articles`);
  } finally {
    await store.close();
    server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function fileToPost(): Promise<void> {
  const shared = resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'en');
  const seeds = resolve(import.meta.dirname, '..', 'seeds');
  const root = mkdtempSync(join(tmpdir(), 'newsbot-bench-watch-'));
  const dir = join(root, 'corpus');
  let source = seeds;
  try {
    cpSync(shared, dir, { recursive: true });
    source = shared;
  } catch {
    cpSync(seeds, dir, { recursive: true });
  }
  const dataDir = join(root, 'data');
  const store = await openStore(undefined, dataDir);
  try {
    const corpus = await CorpusHolder.open([new FolderSource(dir)]);
    const sync = new CorpusSync({ meta: store.namespace('meta'), corpus, owner: 'bench' });
    const reloads: Promise<unknown>[] = [];
    const unwatch = corpus.watch((id, reason) => void reloads.push(sync.reload([id], reason)));
    const latencies: number[] = [];
    for (let i = 0; i < DROPS; i++) {
      const title = `Bench drop ${i} on cloud computing`;
      const started = performance.now();
      writeFileSync(join(dir, `bench-drop-${i}.md`), `---\ntitle: ${title}\nheat: ${500 + i}\ntopics: [Cloud Computing]\noriginalUrl: https://bench.example/${i}\n---\nBody.\n`);
      while (corpus.current.byTopic('Cloud Computing', { limit: 1 })[0]?.title !== title) await new Promise((done) => setTimeout(done, 10));
      latencies.push(performance.now() - started);
    }
    unwatch();
    await Promise.allSettled(reloads);
    latencies.sort((a, b) => a - b);
    console.log(`file-to-post latency, watched folder of ${corpus.current.articles.length} articles (${source === shared ? '../shared/corpus/en' : 'seeds/'}), default debounce 300 ms + settle 200 ms`);
    console.log(`  ${DROPS} drops: median ${(latencies[Math.floor(DROPS / 2)]! / 1000).toFixed(2)} s, max ${(latencies.at(-1)! / 1000).toFixed(2)} s (target ≤ 5 s)`);
  } finally {
    await store.close();
    rmSync(root, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  await pollCycle();
  await fileToPost();
}

// `node bin/run-ts.js bench/sources.ts [poll|watch]`: one part alone.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const part = process.argv[2];
  await (part === 'poll' ? pollCycle() : part === 'watch' ? fileToPost() : run());
}
