// A corpus change in one process reaches every other process sharing the store: before their next run, or on
// the 30-second check. Two "processes" here are two store handles on one SQLite file, each with its own
// CorpusHolder over the same folders on disk (a shared volume).
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../support/until.ts';
import { CorpusSync, RESEED_RECORD_KEY, ReseedPathError, sourceRecordKey } from '../../src/delivery/corpus-sync.ts';
import { createDelivery, type Delivery } from '../../src/delivery/delivery.ts';
import { ManualEvery } from '../../src/delivery/every.ts';
import { ManualClock, ManualJobScheduler } from '../../src/delivery/job-scheduler.ts';
import { CorpusHolder } from '../../src/index/corpus-holder.ts';
import { FolderSource } from '../../src/sources/folder-source.ts';
import type { Store } from '../../src/storage/open-store.ts';
import { memoryLog, removeTempDirs, tempDir, writeArticle } from '../sources/support.ts';
import { FakeDiscord, START, storeOpener } from './support.ts';

interface Process {
  store: Store;
  corpus: CorpusHolder;
  sync: CorpusSync;
  delivery: Delivery;
  jobs: ManualJobScheduler;
  timer: ManualEvery;
  log: ReturnType<typeof memoryLog>;
  reloads: string[][];
}

const CHANNEL = 'c1';
let clock: ManualClock;
let discord: FakeDiscord;
let opener: ReturnType<typeof storeOpener>;
let main: string;
let extra: string;
const processes: Process[] = [];

async function startProcess(owner: string, dirs = [main, extra]): Promise<Process> {
  const store = await opener.open(() => clock.now().getTime());
  const holder = await CorpusHolder.open(dirs.map((dir) => new FolderSource(dir)));
  const reloads: string[][] = [];
  // Counts what this process reloads (by source id), whoever asked.
  const corpus = { sources: () => holder.sources(), fingerprint: (id: string) => holder.fingerprint(id), reload: (ids?: readonly string[]) => (reloads.push([...(ids ?? ['all'])]), holder.reload(ids)), idle: () => holder.idle() };
  const timer = new ManualEvery();
  const log = memoryLog();
  const sync = new CorpusSync({ meta: store.namespace('meta'), corpus, owner, clock, log, every: timer.every });
  const jobs = new ManualJobScheduler(clock);
  const delivery = createDelivery({ store, articles: () => holder.current, poster: discord, clock, jobs, owner, beforeRun: () => sync.check() });
  await sync.start();
  const process = { store, corpus: holder, sync, delivery, jobs, timer, log, reloads };
  processes.push(process);
  return process;
}

const titles = (p: Process) => p.corpus.current.articles.map((a) => a.title).sort();
const idOf = (p: Process, title: string) => p.corpus.current.articles.find((a) => a.title === title)!.id;

beforeEach(() => {
  main = tempDir();
  extra = tempDir();
  for (const [slug, heat] of [['a1', 90], ['a2', 80], ['a3', 70], ['a4', 60]] as const) writeArticle(main, slug, heat);
  writeArticle(extra, 'x1', 10);
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
  removeTempDirs();
});

describe('corpus changes across processes', () => {
  it('a reseed reaches the other process before its next feed run, and nothing is re-posted', async () => {
    const a = await startProcess('process-a');
    const b = await startProcess('process-b');
    await a.delivery.feeds.put({
      id: 'f1', guildId: 'g', channelId: CHANNEL, topics: ['AI'], minHeat: 0, schedule: '0 10 * * *', timezone: 'UTC', maxPerRun: 2, paused: false, createdBy: 'u', createdAt: START.toISOString(),
    });
    await b.delivery.scheduler.start();
    await b.jobs.advanceTo(new Date('2024-05-01T10:00:30Z'));
    const posted = () => discord.articleIds(CHANNEL).map((id) => b.corpus.current.get(id)?.title);
    expect(posted()).toEqual(['Story a1', 'Story a2']);

    // New heat for a posted article, and a new one hotter than everything.
    writeArticle(main, 'a1', 99);
    writeArticle(main, 'new', 95);
    const diff = await a.sync.reseed([main]);
    expect(diff).toMatchObject({ added: [idOf(a, 'Story new')], updated: [idOf(a, 'Story a1')], removed: [], dirs: [main] });
    expect(titles(b)).not.toContain('Story new');

    await b.jobs.advanceTo(new Date('2024-05-02T10:00:30Z'));
    expect(b.reloads).toEqual([[`folder:${main}`]]);
    expect(posted()).toEqual(['Story a1', 'Story a2', 'Story new', 'Story a3']);

    // Nothing new since: the next run only reads the change record.
    await b.jobs.advanceTo(new Date('2024-05-03T10:00:30Z'));
    expect(b.reloads).toHaveLength(1);
    expect(posted()).toEqual(['Story a1', 'Story a2', 'Story new', 'Story a3', 'Story a4', 'Story x1']);
  });

  it('reseeding one folder reloads it alone and keeps the others (issue 9.2)', async () => {
    const a = await startProcess('process-a');
    writeArticle(main, 'late', 50);
    writeArticle(extra, 'x2', 20); // not reloaded: that folder was not named
    // Relative to the working directory, like CORPUS_DIRS; a path inside a folder names that folder.
    const diff = await a.sync.reseed([relative(process.cwd(), join(main, 'a1.md'))]);
    expect(diff).toMatchObject({ added: [idOf(a, 'Story late')], updated: [], removed: [], dirs: [main] });
    expect(titles(a)).toEqual(['Story a1', 'Story a2', 'Story a3', 'Story a4', 'Story late', 'Story x1']);
    expect(await a.sync.latest()).toMatchObject({ reason: 'reseed', dirs: [main], added: 1, generation: 1, by: 'process-a' });

    // No path: every folder.
    const all = await a.sync.reseed();
    expect(all).toMatchObject({ added: [idOf(a, 'Story x2')], dirs: [main, extra] });
  });

  it('refuses a path outside the corpus folders, saying which folders are allowed, and records nothing', async () => {
    const a = await startProcess('process-a');
    const outside = tempDir();
    writeArticle(outside, 'secret', 1);
    await expect(a.sync.reseed([outside])).rejects.toThrow(ReseedPathError);
    await expect(a.sync.reseed(['../../etc'])).rejects.toThrow(`must be inside one of the corpus folders (${main}, ${extra})`);
    expect(await a.sync.latest()).toBeUndefined();
    expect(titles(a)).not.toContain('Story secret');
  });

  it('reaches an idle process on the periodic check, once however often it is asked', async () => {
    const a = await startProcess('process-a');
    const b = await startProcess('process-b');
    expect(b.timer.active).toBe(1);
    writeArticle(extra, 'x2', 10);
    await a.sync.reseed([extra]);

    // The timer alone brings the change over: nothing else asks.
    b.timer.fire();
    await until(() => b.reloads.length === 1, { what: 'the periodic check to reload' });
    expect(b.reloads).toEqual([[`folder:${extra}`]]);
    expect(titles(b)).toContain('Story x2');

    // Asked twice at once: one reload, one answer; then nothing more.
    writeArticle(extra, 'x3', 11);
    await a.sync.reseed([extra]);
    const [first, second] = await Promise.all([b.sync.check(), b.sync.check()]);
    expect(first?.added).toEqual([idOf(a, 'Story x3')]);
    expect(second).toBe(first);
    expect(await b.sync.check()).toBeUndefined();
    expect(b.reloads).toEqual([[`folder:${extra}`], [`folder:${extra}`]]);

    b.sync.stop();
    expect(b.timer.active).toBe(0);
  });

  it('a process that already has the change (it watches the same folder) reloads nothing more', async () => {
    const a = await startProcess('process-a');
    const b = await startProcess('process-b');
    writeArticle(main, 'seen-by-both', 40);
    await a.sync.reload([`folder:${main}`], '1 file changed');
    await b.sync.reload([`folder:${main}`], '1 file changed'); // b's own watcher saw it too
    expect(await b.sync.check()).toBeUndefined();
    expect(await a.sync.check()).toBeUndefined();
    expect(a.reloads).toHaveLength(1);
    expect(b.reloads).toHaveLength(1);
    expect(titles(a)).toEqual(titles(b));
  });

  it('a process started later picks up feeds or folders changed while it was down', async () => {
    const a = await startProcess('process-a');
    writeArticle(extra, 'x3', 10);
    await a.sync.reseed([extra]);
    const late = await startProcess('process-late');
    expect(titles(late)).toEqual(titles(a));
    expect(late.reloads).toEqual([]); // it read the same files at start: same fingerprints, nothing to follow
  });

  it('a change this host cannot see (a folder missing here) is logged once, and the corpus kept', async () => {
    const a = await startProcess('process-a');
    const b = await startProcess('process-b');
    await a.store.namespace('meta').set(sourceRecordKey(`folder:${extra}`), { fingerprint: 'elsewhere', at: START.toISOString(), by: 'elsewhere' });
    await a.store.namespace('meta').set(RESEED_RECORD_KEY, { generation: 5, at: START.toISOString(), by: 'elsewhere', reason: 'reseed', sources: [`folder:${extra}`], dirs: [extra], added: 1, updated: 0, removed: 0 });
    rmSync(extra, { recursive: true });
    expect(await b.sync.check()).toBeUndefined();
    await a.store.namespace('meta').set(RESEED_RECORD_KEY, { generation: 6, at: START.toISOString(), by: 'elsewhere', reason: 'reseed', sources: [`folder:${main}`], dirs: [main], added: 0, updated: 0, removed: 0 });
    expect(await b.sync.check()).toBeUndefined();
    expect(b.log.errors).toEqual(['could not follow a corpus change by another process; keeping the current corpus until the next check']);
    expect(titles(b)).toContain('Story x1');
  });

  it('a follow whose reload failed (a store read timing out) is tried again at the next check', async () => {
    const a = await startProcess('process-a');
    const b = await startProcess('process-b');
    writeArticle(extra, 'x5', 15);
    await a.sync.reseed([extra]);
    const reload = b.corpus.reload.bind(b.corpus);
    let failures = 1;
    b.corpus.reload = (ids) => (failures-- > 0 ? Promise.reject(new Error('store read timed out')) : reload(ids));
    expect(await b.sync.check()).toBeUndefined();
    expect(titles(b)).not.toContain('Story x5');
    expect((await b.sync.check())?.added).toEqual([idOf(a, 'Story x5')]);
    expect(titles(b)).toContain('Story x5');
    expect(b.log.errors).toEqual(['could not follow a corpus change by another process; keeping the current corpus until the next check']);
  });

  it('records nothing when the reseed itself fails', async () => {
    const a = await startProcess('process-a');
    rmSync(extra, { recursive: true });
    await expect(a.sync.reseed()).rejects.toThrow(/does not exist/);
    expect(await a.sync.latest()).toBeUndefined();
    expect(titles(a)).toContain('Story x1');
  });
});
