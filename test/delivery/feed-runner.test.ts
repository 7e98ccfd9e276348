import { afterEach, describe, expect, it } from 'vitest';
import type { Feed } from '../../src/delivery/model.ts';
import { ChannelUnavailableError } from '../../src/delivery/model.ts';
import { nonceFor } from '../../src/delivery/nonce.ts';
import { STORE_NAMES, START, article, harness, type Harness } from './support.ts';

const CORPUS = [
  article('a1', 90, ['AI']),
  article('a2', 80, ['Cloud', 'AI']),
  article('a3', 70, ['Cloud']),
  article('a4', 60, ['Security']),
  article('a5', 50, ['AI']),
  article('a6', 20, ['AI']),
];

function feed(overrides: Partial<Feed> = {}): Feed {
  return {
    id: 'f1',
    guildId: 'g1',
    channelId: 'c1',
    topics: ['AI', 'Cloud'],
    minHeat: 40,
    schedule: '0 * * * *',
    timezone: 'UTC',
    maxPerRun: 2,
    paused: false,
    createdBy: 'u1',
    createdAt: '2024-05-01T00:00:00Z',
    roleId: 'r1',
    ...overrides,
  };
}

describe.each(STORE_NAMES)('FeedRunner on the %s store', (storeName) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function saved(overrides: Partial<Feed> = {}): Promise<Feed> {
    const f = feed(overrides);
    await h.delivery.feeds.put(f);
    return f;
  }

  it('posts the hottest matching articles above min heat, one message each, then the next ones, then nothing', async () => {
    h = await harness(storeName, CORPUS);
    const f = await saved();
    const first = await h.delivery.feedRunner.run(f, START);
    expect(first.posted.map((p) => p.articleId)).toEqual(['a1', 'a2']);
    expect(h.discord.messages.map((m) => m.post)).toMatchObject([
      { kind: 'feed', feedId: 'f1', roleId: 'r1', articles: [{ id: 'a1' }] },
      { kind: 'feed', feedId: 'f1', roleId: 'r1', articles: [{ id: 'a2' }] },
    ]);
    await h.delivery.feedRunner.run(f, START);
    expect(h.discord.articleIds('c1')).toEqual(['a1', 'a2', 'a3', 'a5']);
    const third = await h.delivery.feedRunner.run(f, START);
    expect(third.posted).toEqual([]);
    expect(h.discord.articleIds('c1')).toEqual(['a1', 'a2', 'a3', 'a5']);
    expect((await h.delivery.feeds.get('f1'))?.lastRunAt).toBe(START.toISOString());
  });

  it('shows in preview what the next run would post, without posting', async () => {
    h = await harness(storeName, CORPUS);
    const f = await saved();
    await h.delivery.feedRunner.run(f, START);
    expect((await h.delivery.feedRunner.preview(f)).map((a) => a.id)).toEqual(['a3', 'a5']);
    expect(h.discord.messages).toHaveLength(2);
  });

  it('does not re-post after a reseed that changed the heat of the same articles', async () => {
    h = await harness(storeName, CORPUS);
    const f = await saved({ maxPerRun: 10 });
    await h.delivery.feedRunner.run(f, START);
    h.reseed([...CORPUS.map((a) => ({ ...a, heat: a.id === 'a6' ? a.heat : 200 - a.heat })) /* order inverted */, article('b1', 55, ['AI'])]);
    const after = await h.delivery.feedRunner.run(f, START);
    expect(after.posted.map((p) => p.articleId)).toEqual(['b1']);
    expect(h.discord.articleIds('c1')).toEqual(['a1', 'a2', 'a3', 'a5', 'b1']);
  });

  it('keeps posted articles posted across a restart (new store handle)', async () => {
    h = await harness(storeName, CORPUS);
    const f = await saved();
    await h.delivery.feedRunner.run(f, START);
    const restarted = await h.process('process-restarted');
    await restarted.feedRunner.run(f, START);
    expect(h.discord.articleIds('c1')).toEqual(['a1', 'a2', 'a3', 'a5']);
  });

  it('on a transient error releases the article, stops the run, and the next run sends it with the same nonce', async () => {
    h = await harness(storeName, CORPUS);
    const f = await saved();
    h.discord.failures.push(new Error('503 Service Unavailable'));
    const failed = await h.delivery.feedRunner.run(f, START);
    expect(failed).toEqual({ posted: [], error: '503 Service Unavailable' });
    expect(h.discord.calls).toBe(1);
    expect((await h.delivery.feeds.get('f1'))?.lastError).toBe('503 Service Unavailable');
    expect((await h.delivery.status.guildErrors('g1')).map((e) => e.message)).toEqual(['503 Service Unavailable']);
    await h.delivery.feedRunner.run(f, START);
    expect(h.discord.articleIds('c1')).toEqual(['a1', 'a2']);
    expect(h.discord.messages[0]?.nonce).toBe(nonceFor('c1', 'a1'));
    expect((await h.delivery.feeds.get('f1'))?.lastError).toBeUndefined();
  });

  it('after dying between send and confirm, resends once the claim expires with the same nonce, so Discord keeps one message', async () => {
    h = await harness(storeName, CORPUS);
    const f = await saved({ maxPerRun: 1 });
    // The process "dies" right after Discord accepted a1: the confirmation never reaches storage.
    const claims = h.store.claims;
    const confirm = claims.confirm;
    claims.confirm = async () => {
      throw new Error('process killed');
    };
    const crashed = await h.delivery.feedRunner.run(f, START);
    claims.confirm = confirm;
    expect(crashed.error).toBe('process killed');
    expect(h.discord.articleIds('c1')).toEqual(['a1']);

    // Within the claim's lifetime another process leaves a1 alone and moves on.
    const other = await h.process('survivor');
    expect((await other.feedRunner.run(f, START)).posted.map((p) => p.articleId)).toEqual(['a2']);

    // After it expires, a1 is claimed again and resent with the same nonce: Discord returns the existing message.
    h.clock.set(new Date(START.getTime() + 61_000));
    const retry = await other.feedRunner.run({ ...f, maxPerRun: 2 }, h.clock.now());
    expect(retry.posted.map((p) => p.articleId)).toEqual(['a1', 'a3']);
    expect(h.discord.articleIds('c1')).toEqual(['a1', 'a2', 'a3']);
    expect(h.discord.calls).toBe(4);
  });

  it.each([
    ['missing', 'Unknown Channel (404)', 'is gone'],
    ['forbidden', 'Missing Permissions (403)', 'does not let the bot post'],
  ] as const)('pauses the feed when the channel is %s, says why, and stops trying', async (reason, message, phrase) => {
    h = await harness(storeName, CORPUS);
    const f = await saved();
    h.discord.failures.push(new ChannelUnavailableError(reason, message));
    const result = await h.delivery.feedRunner.run(f, START);
    expect(result.pausedReason).toBe(`channel c1 ${phrase}: ${message}`);
    const stored = await h.delivery.feeds.get('f1');
    expect(stored).toMatchObject({ paused: true, pausedReason: result.pausedReason });
    expect((await h.delivery.status.guildErrors('g1'))[0]?.message).toBe(`paused: ${result.pausedReason}`);
    expect(await h.delivery.feedRunner.run(stored as Feed, START)).toEqual({ posted: [], skippedPaused: true });
    expect(h.discord.calls).toBe(1);
    // Nothing was lost: resumed, the feed posts what it could not.
    await h.delivery.feedRunner.run({ ...f, paused: false }, START);
    expect(h.discord.articleIds('c1')).toEqual(['a1', 'a2']);
  });

  it('never double-posts when two processes run the same feed at the same time', async () => {
    h = await harness(storeName, CORPUS);
    const f = await saved({ maxPerRun: 2 });
    const processes = [h.delivery, await h.process('process-2'), await h.process('process-3')];
    for (let round = 0; round < 3; round++) {
      await Promise.all(processes.map((p) => p.feedRunner.run(f, START)));
    }
    const ids = h.discord.articleIds('c1');
    expect([...ids].sort()).toEqual(['a1', 'a2', 'a3', 'a5']);
    // Not saved by Discord's nonce check: each article was sent exactly once.
    expect(h.discord.calls).toBe(4);
  });

  it('posts the same article to two channels: the once-only rule is per channel', async () => {
    h = await harness(storeName, CORPUS);
    await h.delivery.feedRunner.run(await saved(), START);
    await h.delivery.feedRunner.run(await saved({ id: 'f2', channelId: 'c2' }), START);
    expect(h.discord.articleIds('c1')).toEqual(['a1', 'a2']);
    expect(h.discord.articleIds('c2')).toEqual(['a1', 'a2']);
    expect(nonceFor('c1', 'a1')).not.toBe(nonceFor('c2', 'a1'));
    expect(nonceFor('c1', 'a1').length).toBeLessThanOrEqual(25);
  });
});
