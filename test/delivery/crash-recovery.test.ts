// A process that dies after Discord took a post but before the store recorded it leaves only a claim. The resend
// is one message only inside Discord's nonce window (a few minutes), so an hourly feed must not wait for its
// next tick: the scheduler runs it again as soon as the claim expires.
import { afterEach, describe, expect, it } from 'vitest';
import type { Feed } from '../../src/delivery/model.ts';
import { DEFAULT_CLAIM_TTL_MS } from '../../src/delivery/send-once.ts';
import { RECHECK_MARGIN_MS } from '../../src/delivery/delivery-scheduler.ts';
import { feedPostKey } from '../../src/delivery/nonce.ts';
import { STORE_NAMES, START, article, harness, manualSleep, type Harness } from './support.ts';
import { until } from '../support/until.ts';

const CORPUS = [article('a1', 90, ['AI']), article('a2', 80, ['AI'])];
const FEED: Feed = {
  id: 'f1', guildId: 'g1', channelId: 'c1', topics: ['AI'], minHeat: 0, schedule: '0 * * * *', timezone: 'UTC',
  maxPerRun: 1, paused: false, createdBy: 'u1', createdAt: '2024-05-01T00:00:00Z',
};

describe.each(STORE_NAMES)('recovery after a crash between send and confirm, on the %s store', (storeName) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('re-runs an hourly feed right after the dead claim expires: the post is confirmed once, long before the next tick', async () => {
    const { waits, sleep } = manualSleep();
    h = await harness(storeName, CORPUS, { sleep });
    await h.delivery.feeds.put(FEED);
    // Process 1 "dies" right after Discord accepted a1: the confirmation never reaches storage.
    const confirm = h.store.claims.confirm;
    h.store.claims.confirm = async () => {
      throw new Error('process killed');
    };
    await h.delivery.feedRunner.run(FEED, START);
    h.store.claims.confirm = confirm;

    // The restarted bot (another owner) runs the feed while the dead claim still holds a1: it posts a2 and
    // plans a look at a1 for when the claim expires, not at 10:00.
    const restarted = await h.process('restarted');
    h.clock.set(new Date(START.getTime() + 5_000));
    await restarted.scheduler.runFeedNow(FEED.id);
    expect(h.discord.articleIds('c1')).toEqual(['a1', 'a2']);
    expect(waits.map((w) => w.ms)).toEqual([DEFAULT_CLAIM_TTL_MS - 5_000 + RECHECK_MARGIN_MS]);

    h.clock.set(new Date(START.getTime() + DEFAULT_CLAIM_TTL_MS + RECHECK_MARGIN_MS));
    waits[0]!.release();
    await until(async () => (await h.store.claims.status(feedPostKey('c1', 'a1'))).state === 'done', { what: 'a1 confirmed' });
    // Resent with the same nonce, so Discord kept one message: three calls, two messages.
    expect(h.discord.articleIds('c1')).toEqual(['a1', 'a2']);
    expect(h.discord.calls).toBe(3);
    restarted.scheduler.stop();
  });
});
