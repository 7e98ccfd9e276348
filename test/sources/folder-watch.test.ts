// Corpus folders are live: files dropped, changed or removed while the bot runs reach the corpus within
// seconds, as ONE reload per burst, never read half-written, and a running feed posts them at its next run.
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { CorpusSync } from '../../src/delivery/corpus-sync.ts';
import { createDelivery } from '../../src/delivery/delivery.ts';
import { ManualEvery } from '../../src/delivery/every.ts';
import { ManualClock, ManualJobScheduler } from '../../src/delivery/job-scheduler.ts';
import { CorpusHolder } from '../../src/index/corpus-holder.ts';
import { FolderSource } from '../../src/sources/folder-source.ts';
import { watchSettled } from '../../src/sources/settled-watch.ts';
import { openStore } from '../../src/storage/open-store.ts';
import { FakeDiscord, START } from '../delivery/support.ts';
import { eventually, markdown, removeTempDirs, tempDir, writeArticle } from './support.ts';

const FAST = { debounceMs: 150, settleMs: 100 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  removeTempDirs();
});

function watched(dir: string) {
  const bursts: string[][] = [];
  stops.push(watchSettled(dir, (paths) => bursts.push(paths), FAST));
  return bursts;
}

describe('watching a folder', () => {
  it('turns a burst of 1,000 files (in subfolders too) into one change', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'day'));
    const bursts = watched(dir);
    for (let i = 0; i < 1000; i++) writeFileSync(join(dir, i % 2 ? 'day' : '', `n${i}.md`), markdown(`n${i}`, 10));
    await eventually(() => bursts.length > 0, 20_000);
    await sleep(FAST.debounceMs + FAST.settleMs + 200);
    expect(bursts).toHaveLength(1);
    expect(bursts[0]!.filter((path) => path.endsWith('.md'))).toHaveLength(1000);
  });

  it('waits for a file being written in pieces, and never reads it half-written', async () => {
    const dir = tempDir();
    const holder = await CorpusHolder.open([new FolderSource(dir)]);
    const loads: string[][] = [];
    // Each gap between pieces outlasts the debounce, so a settle (a second look, a second later) is under way when the
    // next piece lands: the watch must see that the file changed meanwhile and wait again, or it reads half a file.
    const settling = { debounceMs: 150, settleMs: 1000 };
    stops.push(watchSettled(dir, () => void holder.reload().then(() => loads.push(holder.current.articles.map((a) => a.body))), settling));
    const path = join(dir, 'slow.md');
    const text = markdown('slow', 50).replace('Body of slow.', 'x '.repeat(600).trim());
    for (let i = 0; i < 8; i++) {
      appendFileSync(path, text.slice((i * text.length) / 8, ((i + 1) * text.length) / 8));
      await sleep(300);
    }
    await eventually(() => loads.length > 0);
    await sleep(settling.debounceMs + settling.settleMs + 200);
    expect(loads).toEqual([['x '.repeat(600).trim()]]);
  });

  it('ignores hidden files (editor swap files, atomic-write temporaries)', async () => {
    const dir = tempDir();
    const bursts = watched(dir);
    writeFileSync(join(dir, '.draft.md.swp'), 'partial');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref');
    await sleep(FAST.debounceMs + FAST.settleMs + 300);
    expect(bursts).toEqual([]);
  });
});

describe('a live corpus under a running feed', () => {
  it('posts a file dropped into a watched folder at the next run, without a reseed; a removed file leaves the corpus', async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    writeArticle(dir, 'old', 80);
    const clock = new ManualClock(START);
    const jobs = new ManualJobScheduler(clock);
    const discord = new FakeDiscord();
    const store = await openStore(undefined, dataDir, { now: () => clock.now().getTime() });
    const holder = await CorpusHolder.open([new FolderSource(dir, { watch: FAST })]);
    const sync = new CorpusSync({ meta: store.namespace('meta'), corpus: holder, owner: 'p1', clock, every: new ManualEvery().every });
    // As src/bot.ts wires it.
    stops.push(holder.watch((id, reason) => void sync.reload([id], reason)));
    const delivery = createDelivery({ store, articles: () => holder.current, poster: discord, clock, jobs, owner: 'p1', beforeRun: () => sync.check() });
    try {
      await delivery.feeds.put({
        id: 'f1', guildId: 'g', channelId: 'c1', topics: ['AI'], minHeat: 0, schedule: '0 * * * *', timezone: 'UTC', maxPerRun: 5, paused: false, createdBy: 'u', createdAt: START.toISOString(),
      });
      await delivery.scheduler.start();
      await jobs.advanceTo(new Date('2024-05-01T10:00:30Z'));
      const posted = () => discord.articleIds('c1').map((id) => holder.current.get(id)?.title ?? id);
      expect(posted()).toEqual(['Story old']);

      writeArticle(dir, 'dropped', 60);
      writeArticle(dir, 'old', 99); // new heat: an update, not a new post
      await eventually(async () => (await sync.latest()) !== undefined);
      expect(holder.current.articles).toHaveLength(2);
      expect(await sync.latest()).toMatchObject({ reason: '2 files changed in ' + dir, added: 1, updated: 1, removed: 0 });
      await jobs.advanceTo(new Date('2024-05-01T11:00:30Z'));
      expect(posted()).toEqual(['Story old', 'Story dropped']);

      rmSync(join(dir, 'dropped.md'));
      await eventually(async () => (await sync.latest())?.removed === 1);
      expect(holder.current.articles.map((a) => a.title)).toEqual(['Story old']);
    } finally {
      delivery.scheduler.stop();
      await store.close();
    }
  });
});

describe('configuration', () => {
  it('CORPUS_WATCH is on by default, off with false, and a typo names the variable', () => {
    expect(loadConfig({}).corpusWatch).toBe(true);
    expect(loadConfig({ CORPUS_WATCH: 'false' }).corpusWatch).toBe(false);
    expect(() => loadConfig({ CORPUS_WATCH: 'nope' })).toThrow(/CORPUS_WATCH=nope is not true or false/);
  });
});
