// Feed sources over time: fetched once per interval however many processes share the store, backing off
// and recovering by themselves, persisted so a restart neither refetches nor re-posts, and posted by a
// running feed like any other article.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CorpusSync } from '../../src/delivery/corpus-sync.ts';
import { createDelivery, type Delivery } from '../../src/delivery/delivery.ts';
import { ManualEvery } from '../../src/delivery/every.ts';
import { ManualClock, ManualJobScheduler } from '../../src/delivery/job-scheduler.ts';
import { defaultTaxonomy } from '../../src/corpus/load.ts';
import { CorpusHolder } from '../../src/index/corpus-holder.ts';
import type { FeedConfig } from '../../src/sources/feed-config.ts';
import { FeedPoller } from '../../src/sources/feed-poller.ts';
import { FeedSource } from '../../src/sources/feed-source.ts';
import { FeedStates } from '../../src/sources/feed-state.ts';
import { FolderSource } from '../../src/sources/folder-source.ts';
import { openStore, type Store } from '../../src/storage/open-store.ts';
import { FakeDiscord, START } from '../delivery/support.ts';
import { redisMissing, startRedis, type Service } from '../support/services.ts';
import { startFeedServer, staticFeed, type FeedServer } from './feed-server.ts';
import { memoryLog, removeTempDirs, tempDir, writeArticle } from './support.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const MINUTE = 60_000;
let server: FeedServer;

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

const feed = (name: string, path: string, everyMs = 15 * MINUTE): FeedConfig => ({ name, url: server.url(path), everyMs, topics: ['Newswire'], enabled: true });

interface FeedProcess {
  store: Store;
  corpus: CorpusHolder;
  poller: FeedPoller;
  sync: CorpusSync;
  delivery: Delivery;
  jobs: ManualJobScheduler;
  log: ReturnType<typeof memoryLog>;
  /** One tick of the bot's feed timer. */
  tick(): ReturnType<FeedPoller['cycle']>;
  close(): Promise<void>;
}

/** A bot process as src/bot.ts composes it, minus Discord: folders + feeds, sync, poller, delivery. */
async function feedProcess(openIt: () => Promise<Store>, feeds: FeedConfig[], clock: ManualClock, discord: FakeDiscord, owner: string, dirs: string[] = []): Promise<FeedProcess> {
  const store = await openIt();
  const taxonomy = await defaultTaxonomy();
  const states = new FeedStates(store.namespace('sources'));
  const corpus = await CorpusHolder.open([...dirs.map((dir) => new FolderSource(dir)), ...feeds.map((f) => new FeedSource(f, states))], { taxonomy });
  const log = memoryLog();
  const poller = new FeedPoller({ feeds, states, claims: store.claims, owner, taxonomy, fetch: { allowPrivate: true }, clock, log, random: () => 0.5 });
  const sync = new CorpusSync({ meta: store.namespace('meta'), corpus, owner, clock, log, every: new ManualEvery().every });
  await sync.start();
  const jobs = new ManualJobScheduler(clock);
  const delivery = createDelivery({ store, articles: () => corpus.current, poster: discord, clock, jobs, owner, beforeRun: () => sync.check() });
  return {
    store, corpus, poller, sync, delivery, jobs, log,
    tick: () => poller.cycle((ids, reason) => sync.reload(ids, reason)),
    close: async () => {
      delivery.scheduler.stop();
      sync.stop();
      await store.close();
    },
  };
}

afterEach(() => removeTempDirs());

describe('a feed source over time', () => {
  it('fails, backs off with the interval doubling, shows as failing, and recovers by itself', async () => {
    const clock = new ManualClock(START);
    const dataDir = tempDir();
    let answers = [503, 503];
    server.route('/flaky.xml', (req, res) => {
      const status = answers.shift();
      if (status) res.writeHead(status).end();
      else staticFeed(fixture('rss.xml'))(req, res);
    });
    const p = await feedProcess(() => openStore(undefined, dataDir, { now: () => clock.now().getTime() }), [feed('Flaky', '/flaky.xml')], clock, new FakeDiscord(), 'p1');
    try {
      expect(await p.tick()).toMatchObject([{ name: 'Flaky', ok: false, status: 503, error: 'HTTP 503 Service Unavailable' }]);
      expect((await p.poller.health())[0]).toMatchObject({ failing: true, failures: 1, failingSince: START.toISOString(), nextAttemptAt: new Date(START.getTime() + 15 * MINUTE).toISOString() });
      expect(p.log.errors).toEqual([]);

      clock.set(new Date(START.getTime() + 14 * MINUTE));
      expect(await p.tick()).toEqual([]); // backing off: no request
      clock.set(new Date(START.getTime() + 15 * MINUTE));
      expect(await p.tick()).toMatchObject([{ ok: false, status: 503 }]);
      expect((await p.poller.health())[0]).toMatchObject({ failures: 2, nextAttemptAt: new Date(START.getTime() + 45 * MINUTE).toISOString() });
      expect(server.hits.get('/flaky.xml')).toBe(2);

      clock.set(new Date(START.getTime() + 45 * MINUTE));
      expect(await p.tick()).toMatchObject([{ ok: true, status: 200, new: 4, items: 4 }]);
      expect((await p.poller.health())[0]).toMatchObject({ failing: false, failures: 0, articles: 4 });
      expect(p.log.infos).toContain('feed source recovered');
      expect(p.corpus.current.articles.map((a) => a.title)).toContain('No date on this one');
      expect(await p.sync.latest()).toMatchObject({ reason: 'feed Flaky: 4 new', sources: ['feed:Flaky'], added: 4 });
    } finally {
      await p.close();
    }
  });

  it('a source failing for a day is logged as an error, and still retried', async () => {
    const clock = new ManualClock(START);
    server.route('/down.xml', (_req, res) => res.writeHead(500).end());
    const dataDir = tempDir();
    const p = await feedProcess(() => openStore(undefined, dataDir, { now: () => clock.now().getTime() }), [feed('Down', '/down.xml', 6 * 60 * MINUTE)], clock, new FakeDiscord(), 'p1');
    try {
      for (let hour = 0; hour <= 30; hour++) {
        clock.set(new Date(START.getTime() + hour * 60 * MINUTE));
        await p.tick();
      }
      // 6 h interval: attempts at 0 h, 6 h, then the 6 h backoff cap: 12 h, 18 h, 24 h, 30 h.
      expect(server.hits.get('/down.xml')).toBe(6);
      expect(p.log.errors).toContain('feed source failing for a day or more');
      expect((await p.poller.health())[0]).toMatchObject({ failing: true, failures: 6, failingSince: START.toISOString(), lastError: 'HTTP 500 Internal Server Error' });
    } finally {
      await p.close();
    }
  });

  it('articles fetched before a reload that failed are loaded at the next tick, though the feed has nothing new then', async () => {
    const clock = new ManualClock(START);
    server.route('/steady.xml', staticFeed(fixture('rss.xml')));
    const p = await feedProcess(() => openStore(undefined, tempDir(), { now: () => clock.now().getTime() }), [feed('Steady', '/steady.xml')], clock, new FakeDiscord(), 'p1');
    try {
      let failures = 1;
      const reload = (ids: string[], reason: string) => (failures-- > 0 ? Promise.reject(new Error('store busy')) : p.sync.reload(ids, reason));
      await p.poller.cycle(reload);
      expect(p.log.errors).toEqual(['feed poll cycle failed; the next tick retries']);
      expect(p.corpus.current.articles).toEqual([]);
      clock.set(new Date(START.getTime() + 15 * MINUTE));
      expect(await p.poller.cycle(reload)).toMatchObject([{ name: 'Steady', ok: true, new: 0 }]);
      expect(p.corpus.current.articles.map((a) => a.title)).toContain('No date on this one');
    } finally {
      await p.close();
    }
  });

  it('one feed whose state cannot be saved leaves the others\' fetches standing', async () => {
    const clock = new ManualClock(START);
    server.route('/good.xml', staticFeed(fixture('rss.xml')));
    server.route('/unsaved.xml', staticFeed(fixture('rss.xml')));
    const store = await openStore(undefined, tempDir(), { now: () => clock.now().getTime() });
    try {
      const states = new FeedStates(store.namespace('sources'));
      // The store refuses this one feed's state (a write timeout, a full disk).
      const put = states.put.bind(states);
      states.put = (name, state) => (name === 'Unsaved' ? Promise.reject(new Error('write timed out')) : put(name, state));
      const log = memoryLog();
      const poller = new FeedPoller({ feeds: [feed('Unsaved', '/unsaved.xml'), feed('Good', '/good.xml')], states, claims: store.claims, owner: 'p1', taxonomy: await defaultTaxonomy(), fetch: { allowPrivate: true }, clock, log, random: () => 0.5 });
      expect(await poller.poll()).toMatchObject([{ name: 'Good', ok: true, new: 4 }]);
      expect(log.errors).toEqual(['feed source poll failed; the next tick retries']);
    } finally {
      await store.close();
    }
  });

  it('a failing source with credentials in its URL logs and shows it without them', async () => {
    const clock = new ManualClock(START);
    server.route('/locked.xml', (_req, res) => res.writeHead(401).end());
    const url = server.url('/locked.xml?api_key=k-secret-42').replace('http://', 'http://reader:pw-secret-42@');
    const p = await feedProcess(() => openStore(undefined, tempDir(), { now: () => clock.now().getTime() }), [{ ...feed('Locked', '/locked.xml'), url }], clock, new FakeDiscord(), 'p1');
    try {
      expect(await p.tick()).toMatchObject([{ name: 'Locked', ok: false, status: 401 }]);
      expect(server.hits.get('/locked.xml')).toBe(1);
      expect(p.log.written()).toContain('feed source fetch failed');
      expect(p.log.written()).toContain('reader:***@127.0.0.1');
      expect(p.log.written()).not.toMatch(/pw-secret-42|k-secret-42/);
    } finally {
      await p.close();
    }
  });

  it('a restart neither refetches before the interval nor re-posts; new items post at the next run', async () => {
    const clock = new ManualClock(START);
    const discord = new FakeDiscord();
    const dataDir = tempDir();
    let body = fixture('rss.xml');
    let etag = '"a"';
    server.route('/restart.xml', (req, res) => staticFeed(body, 'application/rss+xml', etag)(req, res));
    const feeds = [feed('Tech', '/restart.xml')];
    const opener = () => openStore(undefined, dataDir, { now: () => clock.now().getTime() });
    const first = await feedProcess(opener, feeds, clock, discord, 'p1');
    await first.delivery.feeds.put({ id: 'f1', guildId: 'g', channelId: 'c1', topics: ['Newswire'], minHeat: 0, schedule: '*/5 * * * *', timezone: 'UTC', maxPerRun: 10, paused: false, createdBy: 'u', createdAt: START.toISOString() });
    const posted = (p: FeedProcess) => discord.articleIds('c1').map((id) => p.corpus.current.get(id)?.title);
    await first.tick();
    await first.delivery.scheduler.start();
    await first.jobs.advanceTo(new Date(START.getTime() + 5 * MINUTE + 1000));
    expect(posted(first)).toHaveLength(4);
    await first.close();

    clock.set(new Date(START.getTime() + 6 * MINUTE));
    const second = await feedProcess(opener, feeds, clock, discord, 'p2');
    try {
      expect(second.corpus.current.articles).toHaveLength(4); // read back from the store
      expect(await second.tick()).toEqual([]);
      expect(server.hits.get('/restart.xml')).toBe(1);
      await second.delivery.scheduler.start();
      await second.jobs.advanceTo(new Date(START.getTime() + 10 * MINUTE + 1000));
      expect(discord.messages).toHaveLength(4);

      body = body.replace('<item>', '<item><title>Breaking: fresh item</title><link>https://tech.example/fresh</link></item><item>');
      etag = '"b"';
      clock.set(new Date(START.getTime() + 16 * MINUTE));
      expect(await second.tick()).toMatchObject([{ ok: true, status: 200, new: 1, updated: 0 }]);
      await second.jobs.advanceTo(new Date(START.getTime() + 20 * MINUTE + 1000));
      expect(posted(second)).toHaveLength(5);
      expect(posted(second).at(-1)).toBe('Breaking: fresh item');
      clock.set(new Date(START.getTime() + 31 * MINUTE));
      expect(await second.tick()).toMatchObject([{ ok: true, status: 304, new: 0 }]);
    } finally {
      await second.close();
    }
  });

  it('folder and feed articles live side by side; reseeding the folder keeps the feed', async () => {
    const clock = new ManualClock(START);
    const dir = tempDir();
    const dataDir = tempDir();
    writeArticle(dir, 'local', 50);
    server.route('/side.json', staticFeed(fixture('feed.json'), 'application/feed+json'));
    const p = await feedProcess(() => openStore(undefined, dataDir, { now: () => clock.now().getTime() }), [feed('Markets', '/side.json')], clock, new FakeDiscord(), 'p1', [dir]);
    try {
      await p.tick();
      expect(p.corpus.current.articles).toHaveLength(3);
      writeArticle(dir, 'local-2', 50);
      const diff = await p.sync.reseed([dir]);
      expect(diff).toMatchObject({ removed: [], dirs: [dir] });
      expect(diff.added).toHaveLength(1);
      expect(p.corpus.current.articles.map((a) => a.title).sort()).toEqual(['Gold price climbs', 'Stocks rally', 'Story local', 'Story local-2']);
    } finally {
      await p.close();
    }
  });
});

describe.skipIf(redisMissing)('two processes on Redis', () => {
  let redis: Service;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  it('fetch each source once per interval, and both serve what either fetched', async () => {
    const clock = new ManualClock(START);
    const discord = new FakeDiscord();
    // Redis expires claims on its own (real) clock: a short interval, waited for for real.
    const INTERVAL = 1500;
    const feeds = Array.from({ length: 5 }, (_, i) => feed(`Feed ${i}`, `/shared-${i}.xml`, INTERVAL));
    feeds.forEach((f, i) => server.route(`/shared-${i}.xml`, staticFeed(fixture('rss.xml').replaceAll('tech.example', `site${i}.example`))));
    const opener = () => openStore(redis.url, tempDir(), { now: () => clock.now().getTime() });
    const a = await feedProcess(opener, feeds, clock, discord, 'process-a');
    const b = await feedProcess(opener, feeds, clock, discord, 'process-b');
    const hits = () => feeds.map((_, i) => server.hits.get(`/shared-${i}.xml`) ?? 0);
    try {
      const [fromA, fromB] = await Promise.all([a.tick(), b.tick()]);
      expect(fromA.length + fromB.length).toBe(5);
      expect(hits()).toEqual([1, 1, 1, 1, 1]);
      await Promise.all([a.sync.check(), b.sync.check()]);
      // Two absolute links per feed; the relative link (resolved against the one loopback host) and the
      // link-less item (same text) are the same article in all five.
      expect(a.corpus.current.articles).toHaveLength(12);
      expect(b.corpus.current.articles.map((x) => x.id).sort()).toEqual(a.corpus.current.articles.map((x) => x.id).sort());

      // Within the interval: nobody fetches; at the next one: once each again (304s), and again nobody after.
      await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      expect(hits()).toEqual([1, 1, 1, 1, 1]);
      await new Promise((resolve) => setTimeout(resolve, INTERVAL + 100));
      clock.set(new Date(START.getTime() + INTERVAL));
      const [againA, againB] = await Promise.all([a.tick(), b.tick()]);
      expect(hits()).toEqual([2, 2, 2, 2, 2]);
      expect([...againA, ...againB].map((o) => o.status)).toEqual([304, 304, 304, 304, 304]);
      await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      expect(hits()).toEqual([2, 2, 2, 2, 2]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
