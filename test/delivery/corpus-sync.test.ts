// A reseed in one process reaches every other process sharing the store: before their next run, or on the
// 30-second check. Two "processes" here are two store handles on one SQLite file, each with its own corpus.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/types.ts';
import { CorpusSync, RESEED_RECORD_KEY, type Reseedable } from '../../src/delivery/corpus-sync.ts';
import { createDelivery, type Delivery } from '../../src/delivery/delivery.ts';
import { ManualEvery } from '../../src/delivery/every.ts';
import { ManualClock, ManualJobScheduler } from '../../src/delivery/job-scheduler.ts';
import type { ArticleSource, DeliveryLogger } from '../../src/delivery/model.ts';
import type { ReseedResult } from '../../src/index/corpus-holder.ts';
import type { Store } from '../../src/storage/open-store.ts';
import { article, FakeDiscord, sourceOf, START, storeOpener } from './support.ts';

/** What each folder holds right now: the test edits it like files on a shared volume. */
let disk: Map<string, Article[]>;

/** A process's live corpus: loads from `disk`, counts its reseeds. */
class Corpus implements Reseedable {
  articles: Article[];
  reseeds: string[][] = [];
  constructor(dirs: string[]) {
    this.articles = load(dirs);
  }
  get source(): ArticleSource {
    return sourceOf(this.articles);
  }
  async reseed(dirs: string[]): Promise<ReseedResult> {
    this.reseeds.push(dirs);
    const next = load(dirs);
    const before = new Set(this.articles.map((a) => a.id));
    this.articles = next;
    return { added: next.filter((a) => !before.has(a.id)).map((a) => a.id), updated: [], removed: [], skipped: [] };
  }
}

function load(dirs: string[]): Article[] {
  return dirs.flatMap((dir) => {
    const found = disk.get(dir);
    if (!found) throw new Error(`${dir} does not exist`);
    return found;
  });
}

function memoryLog(): DeliveryLogger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, info() {}, warn() {}, error: (_fields, message) => void errors.push(message) };
}

interface Process {
  store: Store;
  corpus: Corpus;
  sync: CorpusSync;
  delivery: Delivery;
  jobs: ManualJobScheduler;
  timer: ManualEvery;
  log: ReturnType<typeof memoryLog>;
}

const CHANNEL = 'c1';
let clock: ManualClock;
let discord: FakeDiscord;
let opener: ReturnType<typeof storeOpener>;
const processes: Process[] = [];

async function startProcess(owner: string, dirs = ['/corpus']): Promise<Process> {
  const store = await opener.open(() => clock.now().getTime());
  const corpus = new Corpus(dirs);
  const timer = new ManualEvery();
  const log = memoryLog();
  const sync = new CorpusSync({ meta: store.namespace('meta'), corpus, owner, clock, log, every: timer.every });
  const jobs = new ManualJobScheduler(clock);
  const delivery = createDelivery({ store, articles: () => corpus.source, poster: discord, clock, jobs, owner, beforeRun: () => sync.check() });
  await sync.start(dirs);
  const process = { store, corpus, sync, delivery, jobs, timer, log };
  processes.push(process);
  return process;
}

const ai = (id: string, heat: number) => article(id, heat, ['AI']);

beforeEach(() => {
  disk = new Map([['/corpus', [ai('a1', 90), ai('a2', 80), ai('a3', 70), ai('a4', 60)]]]);
  clock = new ManualClock(START);
  discord = new FakeDiscord();
  opener = storeOpener('sqlite');
});

afterEach(async () => {
  for (const p of processes.splice(0)) {
    p.sync.stop();
    await p.store.close();
  }
  opener.remove();
});

describe('reseed across processes', () => {
  it('reaches the other process before its next feed run, and nothing is re-posted', async () => {
    const a = await startProcess('process-a');
    const b = await startProcess('process-b');
    await a.delivery.feeds.put({
      id: 'f1', guildId: 'g', channelId: CHANNEL, topics: ['AI'], minHeat: 0, schedule: '0 10 * * *', timezone: 'UTC', maxPerRun: 2, paused: false, createdBy: 'u', createdAt: START.toISOString(),
    });
    await b.delivery.scheduler.start();
    await b.jobs.advanceTo(new Date('2024-05-01T10:00:30Z'));
    expect(discord.articleIds(CHANNEL)).toEqual(['a1', 'a2']);

    // New heat for a posted article, and a new one hotter than everything.
    disk.set('/corpus', [ai('a1', 99), ai('a2', 80), ai('a3', 70), ai('a4', 60), ai('new', 95)]);
    await a.sync.reseed(['/corpus']);
    expect(a.corpus.articles.map((x) => x.id)).toContain('new');
    expect(b.corpus.articles.map((x) => x.id)).not.toContain('new');

    await b.jobs.advanceTo(new Date('2024-05-02T10:00:30Z'));
    expect(b.corpus.reseeds).toEqual([['/corpus']]);
    expect(discord.articleIds(CHANNEL)).toEqual(['a1', 'a2', 'new', 'a3']);

    // Nothing new since: the next run only reads the record.
    await b.jobs.advanceTo(new Date('2024-05-03T10:00:30Z'));
    expect(b.corpus.reseeds).toHaveLength(1);
    expect(a.corpus.reseeds).toHaveLength(1);
    expect(discord.articleIds(CHANNEL)).toEqual(['a1', 'a2', 'new', 'a3', 'a4']);
  });

  it('reaches an idle process on the periodic check, once however often it is asked', async () => {
    const a = await startProcess('process-a');
    const b = await startProcess('process-b');
    expect(b.timer.active).toBe(1);
    disk.set('/extra', [ai('x1', 10)]);
    await a.sync.reseed(['/corpus', '/extra']);

    b.timer.fire();
    const [first, second] = await Promise.all([b.sync.check(), b.sync.check()]);
    expect(first?.added).toEqual(['x1']);
    expect(second).toBe(first);
    expect(await b.sync.check()).toBeUndefined();
    expect(b.corpus.reseeds).toEqual([['/corpus', '/extra']]);
    expect(await b.sync.latest()).toMatchObject({ dirs: ['/corpus', '/extra'], generation: 1, by: 'process-a', at: START.toISOString() });

    b.sync.stop();
    expect(b.timer.active).toBe(0);
  });

  it('brings two reseeds racing to the same generation onto the same folders', async () => {
    disk.set('/left', [ai('l', 1)]);
    disk.set('/right', [ai('r', 1)]);
    const a = await startProcess('process-a');
    const b = await startProcess('process-b');
    await Promise.all([a.sync.reseed(['/left']), b.sync.reseed(['/right'])]);
    await Promise.all([a.sync.check(), b.sync.check()]);
    const winner = (await a.sync.latest())!;
    expect(winner.generation).toBe(1);
    expect(a.corpus.articles).toEqual(b.corpus.articles);
    expect(a.corpus.articles.map((x) => x.id)).toEqual(winner.dirs[0] === '/left' ? ['l'] : ['r']);
  });

  it('a process started later joins the recorded folders; folders missing on its host are logged once', async () => {
    const a = await startProcess('process-a');
    disk.set('/extra', [ai('x1', 10)]);
    await a.sync.reseed(['/extra']);
    const late = await startProcess('process-late');
    expect(late.corpus.articles.map((x) => x.id)).toEqual(['x1']);

    const same = await startProcess('process-same', ['/extra']);
    expect(same.corpus.reseeds).toEqual([]);

    await a.store.namespace('meta').set(RESEED_RECORD_KEY, { dirs: ['/gone'], generation: 5, at: START.toISOString(), by: 'elsewhere' });
    expect(await late.sync.check()).toBeUndefined();
    expect(await late.sync.check()).toBeUndefined();
    expect(late.log.errors).toEqual(['could not follow a reseed by another process; keeping the current corpus']);
    expect(late.corpus.articles.map((x) => x.id)).toEqual(['x1']);
  });

  it('records nothing when the reseed itself fails', async () => {
    const a = await startProcess('process-a');
    await expect(a.sync.reseed(['/missing'])).rejects.toThrow(/does not exist/);
    expect(await a.sync.latest()).toBeUndefined();
  });
});
