// A scheduled run that fails on something passing (a Discord 503, the store down for a moment) is tried again
// with backoff until its job's next tick: a daily digest must not lose its day to one failed request.
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryLogger, Digest, Feed } from '../../src/delivery/model.ts';
import { RUN_RETRY } from '../../src/delivery/delivery-scheduler.ts';
import { digestPostKey } from '../../src/delivery/nonce.ts';
import { createDelivery } from '../../src/delivery/delivery.ts';
import { ManualJobScheduler } from '../../src/delivery/job-scheduler.ts';
import { STORE_NAMES, START, article, harness, manualSleep, sourceOf, type Harness } from './support.ts';
import { until } from '../support/until.ts';

const CORPUS = Array.from({ length: 12 }, (_, i) => article(`n${String(i).padStart(2, '0')}`, 100 - i, ['AI']));
const at = (iso: string) => new Date(iso);
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

// 18:30 in Ho Chi Minh City is 11:30 UTC.
const DIGEST: Digest = { id: 'c9', guildId: 'g1', channelId: 'c9', time: '18:30', timezone: 'Asia/Ho_Chi_Minh', size: 2, createdBy: 'u1', createdAt: START.toISOString() };
const SLOT = at('2024-05-01T11:30:00.000Z');
const FEED: Feed = {
  id: 'hourly', guildId: 'g1', channelId: 'c1', topics: ['AI'], minHeat: 0, schedule: '0 * * * *', timezone: 'UTC',
  maxPerRun: 1, paused: false, createdBy: 'u1', createdAt: START.toISOString(),
};

function recordingLog() {
  const warnings: string[] = [];
  return { warnings, log: { info() {}, warn: (_: object, message: string) => void warnings.push(message), error() {} } };
}

describe.each(STORE_NAMES)('a failed scheduled run, on the %s store', (storeName) => {
  let h: Harness;
  afterEach(async () => {
    h?.delivery.scheduler.stop();
    await h?.close();
  });

  /** A started bot with `target` scheduled, whose waits the test releases; returns them. */
  async function started(target: { digest: Digest } | { feed: Feed }, log?: DeliveryLogger) {
    const { waits, sleep } = manualSleep();
    h = await harness(storeName, CORPUS, { sleep, log });
    if ('digest' in target) await h.delivery.digests.put(target.digest);
    else await h.delivery.feeds.put(target.feed);
    await h.delivery.scheduler.start();
    return waits;
  }

  it('posts the daily digest 30 s after a Discord 503 at its time, once, under the same slot', async () => {
    const waits = await started({ digest: DIGEST });
    h.discord.failures.push(new Error('503 Service Unavailable'));
    await h.jobs.advanceTo(later(SLOT, 1_000));
    expect(h.discord.messages).toHaveLength(0);
    expect((await h.delivery.digests.get('c9'))?.lastError).toBe('503 Service Unavailable');
    expect(waits.map((w) => w.ms)).toEqual([RUN_RETRY.firstDelayMs]);

    h.clock.set(later(SLOT, RUN_RETRY.firstDelayMs));
    waits[0]!.release();
    await until(() => h.discord.messages.length === 1, { what: 'the digest posted by the retry' });
    await until(async () => (await h.store.claims.status(digestPostKey('c9', SLOT.toISOString()))).state === 'done', { what: "the slot's claim confirmed" });
    await until(async () => (await h.delivery.digests.get('c9'))?.lastError === undefined, { what: 'the error cleared' });
    // Tomorrow's tick posts tomorrow's digest as usual: the retry did not stand in for it.
    await h.jobs.advanceTo(later(SLOT, 24 * 3600_000 + 1_000));
    expect(h.discord.messages.map((m) => m.post.articles.map((a) => a.id))).toEqual([
      ['n00', 'n01'],
      ['n02', 'n03'],
    ]);
    expect(waits).toHaveLength(1);
  });

  it('retries a run the store failed (its claims unreachable) the same way', async () => {
    const waits = await started({ digest: DIGEST });
    const claim = h.store.claims.claim;
    h.store.claims.claim = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    };
    await h.jobs.advanceTo(later(SLOT, 1_000));
    h.store.claims.claim = claim;
    expect(waits.map((w) => w.ms)).toEqual([RUN_RETRY.firstDelayMs]);
    h.clock.set(later(SLOT, RUN_RETRY.firstDelayMs));
    waits[0]!.release();
    await until(() => h.discord.messages.length === 1, { what: 'the digest posted by the retry' });
  });

  it('backs off up to the last wait and leaves the run to the next tick when that comes first', async () => {
    const { warnings, log } = recordingLog();
    const waits = await started({ feed: FEED }, log);
    const tick = at('2024-05-01T10:00:00Z');
    h.discord.failures.push(...Array.from({ length: 20 }, () => new Error('socket hang up')));
    await h.jobs.advanceTo(tick);
    // Each retry waits twice the last, up to 10 minutes, while 11:00 is further away than the wait.
    let clock = tick.getTime();
    for (let i = 0; i < waits.length; i++) {
      const calls = h.discord.calls;
      clock += waits[i]!.ms;
      h.clock.set(new Date(clock));
      waits[i]!.release();
      await until(() => h.discord.calls === calls + 1 && (waits.length > i + 1 || warnings.includes('feed run failed; its next tick runs it again')), { what: `retry ${i + 1} done` });
    }
    expect(waits.map((w) => w.ms / 1000)).toEqual([30, 60, 120, 240, 480, 600, 600, 600, 600]);
    expect(h.discord.messages).toHaveLength(0);

    h.discord.failures.length = 0;
    await h.jobs.advanceTo(at('2024-05-01T11:00:00Z'));
    expect(h.discord.articleIds('c1')).toEqual(['n00']);
    expect(waits).toHaveLength(9);
  });

  it('drops a retry whose feed was edited meanwhile: the new schedule runs it', async () => {
    const waits = await started({ feed: FEED });
    h.discord.failures.push(new Error('socket hang up'));
    await h.jobs.advanceTo(at('2024-05-01T10:00:00Z'));
    const edited = { ...FEED, schedule: '*/15 * * * *' };
    await h.delivery.feeds.put(edited);
    await h.delivery.scheduler.scheduleFeed(edited);
    const calls = h.discord.calls;
    h.clock.set(at('2024-05-01T10:00:30Z'));
    waits[0]!.release();
    await h.jobs.advanceTo(at('2024-05-01T10:15:00Z'));
    expect(h.discord.calls).toBe(calls + 1);
    expect(h.discord.articleIds('c1')).toEqual(['n00']);
  });
  it('retries the edited digest\'s failed tick, the retries of the one it replaced dropped', async () => {
    const waits = await started({ digest: DIGEST });
    h.discord.failures.push(new Error('503 Service Unavailable'));
    await h.jobs.advanceTo(later(SLOT, 1_000));
    const edited = { ...DIGEST, time: '18:45' };
    await h.delivery.digests.put(edited);
    await h.delivery.scheduler.scheduleDigest(edited);
    h.discord.failures.push(new Error('503 Service Unavailable'));
    const editedSlot = at('2024-05-01T11:45:00.000Z');
    await h.jobs.advanceTo(later(editedSlot, 1_000));
    expect(waits.map((w) => w.ms)).toEqual([RUN_RETRY.firstDelayMs, RUN_RETRY.firstDelayMs]);
    h.clock.set(later(editedSlot, RUN_RETRY.firstDelayMs));
    waits[0]!.release();
    waits[1]!.release();
    await until(() => h.discord.messages.length === 1, { what: "the edited digest's retry" });
    await until(async () => (await h.store.claims.status(digestPostKey('c9', editedSlot.toISOString()))).state === 'done', { what: "the edited slot's claim confirmed" });
    expect((await h.store.claims.status(digestPostKey('c9', SLOT.toISOString()))).state).toBe('none');
  });

  it("ends an earlier tick's retries at the next tick, and retries that tick's own failure", async () => {
    const waits = await started({ feed: { ...FEED, schedule: '*/2 * * * *' } });
    h.discord.failures.push(new Error('socket hang up'), new Error('socket hang up'));
    const tick = at('2024-05-01T09:02:00Z');
    await h.jobs.advanceTo(tick);
    expect(waits.map((w) => w.ms)).toEqual([RUN_RETRY.firstDelayMs]);
    // The next tick comes (a retry due at 09:02:30 was held up past it), and fails too.
    await h.jobs.advanceTo(later(tick, 120_000));
    expect(waits.map((w) => w.ms)).toEqual([RUN_RETRY.firstDelayMs, RUN_RETRY.firstDelayMs]);
    h.clock.set(later(tick, 150_000));
    waits[0]!.release();
    waits[1]!.release();
    await until(() => h.discord.messages.length === 1, { what: "the second tick's retry" });
    expect(h.discord.calls).toBe(3);
  });

  it('several processes whose feed tick failed on the store down: one retry runs it, max_per_run posts in all', async () => {
    const waits = await started({ feed: FEED });
    const other = manualSleep();
    const jobs = new ManualJobScheduler(h.clock);
    const second = createDelivery({ store: h.store, articles: () => sourceOf(CORPUS), poster: h.discord, clock: h.clock, jobs, owner: 'process-2', sleep: other.sleep });
    await second.scheduler.start();
    try {
      const claim = h.store.claims.claim;
      h.store.claims.claim = async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      };
      const tick = at('2024-05-01T10:00:00Z');
      await h.jobs.advanceTo(tick);
      await jobs.advanceTo(tick);
      h.store.claims.claim = claim;
      h.clock.set(later(tick, RUN_RETRY.firstDelayMs));
      waits[0]!.release();
      other.waits[0]!.release();
      await until(() => h.discord.messages.length >= 1, { what: 'the retry that claimed the tick' });
      await until(async () => (await h.delivery.status.get('feed', 'hourly'))?.lastPosted === 1, { what: 'the run recorded' });
      expect(h.discord.articleIds('c1')).toEqual(['n00']);
      // Neither process retries again: one ran the tick, the other found it claimed.
      expect([waits.length, other.waits.length]).toEqual([1, 1]);
    } finally {
      second.scheduler.stop();
    }
  });
});
