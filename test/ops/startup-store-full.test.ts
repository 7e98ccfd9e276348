// A full disk while the bot catches up missed runs at start: the store answers SQLITE_FULL for a while, then
// recovers. Start-up retries instead of dying, and once the store is back every missed feed posts exactly once;
// a digest whose time passed during the retries is caught up too.
// The SQLite file is real; "full" is injected at the store's surface, since a real full disk needs a mount.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Keyv from 'keyv';
import { createDelivery } from '../../src/delivery/delivery.ts';
import { ManualClock, ManualJobScheduler } from '../../src/delivery/job-scheduler.ts';
import type { Feed } from '../../src/delivery/model.ts';
import type { ClaimStore } from '../../src/storage/claims.ts';
import { openStore, type Store } from '../../src/storage/open-store.ts';
import { FakeDiscord, START, article, sourceOf } from '../delivery/support.ts';

const FEEDS = 30;

function sqliteFull(): Error {
  return Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' });
}

/** `store` whose every call fails with SQLITE_FULL while `full.on` is set. */
function fillable(store: Store, full: { on: boolean }): Store {
  const guard = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (full.on) return Promise.reject(sqliteFull());
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  const spaces = new Map<string, Keyv>();
  return {
    ...store,
    claims: guard<ClaimStore>(store.claims),
    namespace(name) {
      if (!spaces.has(name)) spaces.set(name, guard(store.namespace(name)));
      return spaces.get(name)!;
    },
  };
}

describe('a full disk during the start-up catch-up', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('is retried until the store recovers: start-up completes and every missed feed posts once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbot-full-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const clock = new ManualClock(START);
    const now = () => clock.now().getTime();
    const real = await openStore(undefined, dir, { now });
    cleanups.push(() => real.close());
    const articles = Array.from({ length: FEEDS }, (_, i) => article(`a${i}`, 50, [`T${i}`]));
    const feeds: Feed[] = articles.map((_, i) => ({
      id: `f${i}`, guildId: 'g1', channelId: `c${i}`, topics: [`T${i}`], minHeat: 0, schedule: '0 * * * *', timezone: 'UTC',
      maxPerRun: 5, paused: false, createdBy: 'u1', createdAt: new Date(START.getTime() - 3 * 3600_000).toISOString(),
    }));
    const seeding = createDelivery({ store: real, articles: () => sourceOf(articles), poster: new FakeDiscord(), clock });
    for (const feed of feeds) await seeding.feeds.put(feed);

    // The disk fills right after the 6th post and frees up 1.5 s later.
    const full = { on: false };
    const discord = new FakeDiscord();
    const poster = {
      post: async (...args: Parameters<FakeDiscord['post']>) => {
        const sent = await discord.post(...args);
        if (discord.messages.length === 6) {
          full.on = true;
          setTimeout(() => (full.on = false), 1_500);
        }
        return sent;
      },
    };
    const logs: string[] = [];
    const log = { info: () => {}, warn: (_: object, msg: string) => void logs.push(msg), error: (_: object, msg: string) => void logs.push(msg) };
    const restarted = createDelivery({ store: fillable(real, full), articles: () => sourceOf(articles), poster, clock, jobs: new ManualJobScheduler(clock), log, owner: 'restarted' });
    cleanups.push(() => restarted.scheduler.stop());

    const report = await restarted.scheduler.start();
    expect(report.caughtUp).toHaveLength(FEEDS);
    expect(full.on).toBe(false);
    expect(logs.some((msg) => /retry/i.test(msg))).toBe(true);
    for (let i = 0; i < FEEDS; i++) expect(discord.articleIds(`c${i}`), `channel c${i}`).toEqual([`a${i}`]);
    expect(discord.messages).toHaveLength(FEEDS);
    // Recorded as done: a later run posts nothing again.
    expect((await restarted.feedRunner.run(feeds[5]!, clock.now())).posted).toEqual([]);
  });

  it('catches up a digest whose time passed while the store was retried at start, not only the next day', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbot-full-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // 09:29:58, the digest due at 09:30 and last run yesterday: nothing missed yet when start-up begins.
    const clock = new ManualClock(new Date('2024-05-01T09:29:58Z'));
    const real = await openStore(undefined, dir, { now: () => clock.now().getTime() });
    cleanups.push(() => real.close());
    const articles = [article('a0', 50, ['AI'])];
    const seeding = createDelivery({ store: real, articles: () => sourceOf(articles), poster: new FakeDiscord(), clock });
    await seeding.feeds.put({ id: 'f0', guildId: 'g1', channelId: 'c0', topics: ['AI'], minHeat: 0, schedule: '0 0 1 1 *', timezone: 'UTC', maxPerRun: 1, paused: false, createdBy: 'u1', createdAt: '2024-04-30T09:30:00Z', lastRunAt: '2024-05-01T00:00:00Z' });
    await seeding.digests.put({ id: 'c9', guildId: 'g1', channelId: 'c9', time: '09:30', timezone: 'UTC', size: 2, createdBy: 'u1', createdAt: '2024-04-29T00:00:00Z', lastRunAt: '2024-04-30T09:30:00Z' });

    // Feeds and digests are read; then the store is full as the feed's next run is recorded, and each retry's
    // wait moves the clock on, past 09:30, before the digest is scheduled.
    const full = { on: false };
    const passed = () => clock.now().getTime() >= Date.parse('2024-05-01T09:30:01Z');
    const status = real.namespace('status');
    const set = status.set.bind(status);
    status.set = (...args: Parameters<typeof status.set>) => {
      full.on = !passed();
      return set(...args);
    };
    const sleep = async (ms: number) => {
      clock.set(new Date(clock.now().getTime() + ms));
      if (passed()) full.on = false;
    };
    const discord = new FakeDiscord();
    const restarted = createDelivery({ store: fillable(real, full), articles: () => sourceOf(articles), poster: discord, clock, jobs: new ManualJobScheduler(clock), owner: 'restarted', sleep });
    cleanups.push(() => restarted.scheduler.stop());

    const report = await restarted.scheduler.start();
    expect(clock.now().getTime()).toBeGreaterThan(Date.parse('2024-05-01T09:30:00Z'));
    expect(report.caughtUp).toEqual([{ kind: 'digest', id: 'c9' }]);
    expect(discord.messages.filter((m) => m.channelId === 'c9')).toHaveLength(1);
  });
});
