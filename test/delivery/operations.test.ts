// Delivery's operations without Discord: each owns its repository, scheduler and status steps, and answers
// with the result or the problems, so /feed, /digest (or any other front end) stay thin.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryOperations } from '../../src/delivery/operations.ts';
import { article, harness, sourceOf, type Harness } from './support.ts';

const ARTICLES = [article('a1', 90, ['AI']), article('a2', 40, ['AI']), article('c1', 70, ['Cloud'])];

describe('delivery operations', () => {
  let h: Harness;
  let ops: DeliveryOperations;
  beforeEach(async () => {
    h = await harness('sqlite', ARTICLES);
    ops = new DeliveryOperations({ delivery: h.delivery, articles: () => sourceOf(ARTICLES), clock: h.clock, defaultTimezone: 'Europe/Paris', maxFeedsPerGuild: 3 });
  });
  afterEach(async () => {
    await h.close();
  });

  const feed = (extra: Partial<Parameters<DeliveryOperations['addFeed']>[0]> = {}) =>
    ops.addFeed({ guildId: 'g1', channelId: 'c1', topics: 'ai', schedule: '0 9 * * *', createdBy: 'u', ...extra });

  it('addFeed validates, saves and schedules in one call, and reports the heat range of its topics', async () => {
    const added = await feed();
    if (!added.ok) throw new Error('refused');
    expect(added.item).toMatchObject({ guildId: 'g1', topics: ['AI'], timezone: 'Europe/Paris', minHeat: 0 });
    expect(await h.delivery.feeds.get(added.item.id)).toEqual(added.item);
    expect(added.nextRun?.toISOString()).toBe('2024-05-02T07:00:00.000Z'); // 09:00 Paris, the day after START (11:00 there)
    expect(added.heat).toEqual({ min: 40, max: 90 });
    expect(added.warnings).toEqual([]);
    // It runs on the scheduler's tick: the hottest AI articles post.
    await h.jobs.advanceTo(new Date('2024-05-02T07:00:00Z'));
    expect(h.discord.articleIds('c1')).toEqual(['a1', 'a2']);
  });

  it('addFeed saves a min_heat above every article of its topics, with a warning naming the hottest', async () => {
    const added = await feed({ minHeat: 95 });
    expect(added.ok && added.warnings).toEqual([{ code: 'heat.unreachable', params: { minHeat: 95, maxHeat: 90 } }]);
    expect(await h.delivery.feeds.listByGuild('g1')).toHaveLength(1);
  });

  it('addFeed returns every problem and saves nothing', async () => {
    const refused = await feed({ topics: 'Astrology', schedule: '61 * * * *' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problems.map((p) => p.code)).toEqual(['topics.unknown', 'cron.invalid']);
    expect(await h.delivery.feeds.listAll()).toEqual([]);
    expect(h.delivery.scheduler.nextRun('feed', 'anything')).toBeNull();
  });

  it('addFeed refuses past the per-server limit, counting only that server’s feeds', async () => {
    for (let i = 0; i < 3; i++) expect((await feed()).ok).toBe(true);
    const all = (await ops.listFeeds('g1')).rows.map((row) => row.item.id);
    const page = await ops.listFeeds('g1', { offset: 1, limit: 1 });
    expect(page).toEqual({ total: 3, rows: [expect.objectContaining({ item: expect.objectContaining({ id: all[1] }), nextRun: expect.any(Date) })] });
    const fourth = await feed();
    expect(!fourth.ok && fourth.problems).toEqual([expect.objectContaining({ code: 'feeds.limit', params: { max: 3 } })]);
    expect((await feed({ guildId: 'g2' })).ok).toBe(true);
    expect(await h.delivery.feeds.listByGuild('g1')).toHaveLength(3);
  });

  it('pause, resume, test and remove act on the server’s own feeds only', async () => {
    const added = await feed();
    if (!added.ok) throw new Error('refused');
    const { id } = added.item;
    expect(await ops.pauseFeed('other-guild', id)).toBeUndefined();
    const paused = await ops.pauseFeed('g1', ` ${id} `);
    expect(paused?.item.paused).toBe(true);
    expect(paused?.nextRun).toBeNull();
    await h.delivery.feeds.update(id, (f) => ({ ...f, pausedReason: 'channel gone' }));
    const resumed = await ops.resumeFeed('g1', id);
    expect(resumed?.item).toMatchObject({ paused: false });
    expect(resumed?.item.pausedReason).toBeUndefined();
    expect(resumed?.nextRun).not.toBeNull();
    expect((await ops.testFeed('g1', id))?.articles.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(h.discord.messages).toEqual([]);
    expect((await ops.listFeeds('g1')).rows.map((row) => row.item.id)).toEqual([id]);
    expect(await ops.removeFeed('other-guild', id)).toBeUndefined();
    expect((await ops.removeFeed('g1', id))?.id).toBe(id);
    expect(await h.delivery.feeds.get(id)).toBeUndefined();
    expect(h.delivery.scheduler.nextRun('feed', id)).toBeNull();
    expect(await h.delivery.status.get('feed', id)).toBeUndefined();
  });

  it('setDigest, previewDigest and removeDigests own the digest’s steps', async () => {
    const refused = await ops.setDigest({ guildId: 'g1', channelId: 'd1', time: '25:00', createdBy: 'u' });
    expect(!refused.ok && refused.problems.map((p) => p.code)).toEqual(['time']);
    const set = await ops.setDigest({ guildId: 'g1', channelId: 'd1', time: '8:30', size: 2, createdBy: 'u' });
    if (!set.ok) throw new Error('refused');
    expect(set.item).toMatchObject({ id: 'd1', time: '08:30', timezone: 'Europe/Paris', size: 2 });
    expect(set.nextRun?.toISOString()).toBe('2024-05-02T06:30:00.000Z');
    await ops.setDigest({ guildId: 'g1', channelId: 'd2', time: '18:00', createdBy: 'u' });
    const preview = await ops.previewDigest('g1', 'd1');
    expect(preview?.selection.articles.map((a) => a.id)).toEqual(['a1', 'c1']);
    expect(h.discord.messages).toEqual([]);
    expect(await ops.previewDigest('g1', 'nowhere')).toBeUndefined();
    expect((await ops.removeDigests('g1', 'd1')).map((d) => d.id)).toEqual(['d1']);
    expect(h.delivery.scheduler.nextRun('digest', 'd1')).toBeNull();
    expect((await ops.removeDigests('g1')).map((d) => d.id)).toEqual(['d2']);
    expect(await h.delivery.digests.listAll()).toEqual([]);
  });
});


