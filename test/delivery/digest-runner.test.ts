import { afterEach, describe, expect, it } from 'vitest';
import type { BriefTopic, Digest, OutgoingPost } from '../../src/delivery/model.ts';
import { briefTopic } from '../../src/summary/index.ts';
import { STORE_NAMES, START, article, harness, type Harness } from './support.ts';

const DAY = 24 * 3600_000;
const CORPUS = [
  article('old-hot', 99, ['AI'], '2024-04-20T08:00:00Z'),
  article('old-warm', 70, ['Cloud'], '2024-04-20T08:00:00Z'),
  article('new-1', 60, ['AI'], '2024-04-30T20:00:00Z'),
  article('new-2', 50, ['AI', 'Cloud'], '2024-05-01T06:00:00Z'),
  article('new-3', 40, ['Security'], '2024-05-01T07:00:00Z'),
  article('day-2', 30, ['AI'], '2024-05-01T20:00:00Z'),
];
const brief: BriefTopic = briefTopic;

function digest(overrides: Partial<Digest> = {}): Digest {
  return { id: 'c9', guildId: 'g1', channelId: 'c9', time: '09:00', timezone: 'UTC', size: 2, createdBy: 'u1', createdAt: '2024-04-01T00:00:00Z', ...overrides };
}

describe.each(STORE_NAMES)('DigestRunner on the %s store', (storeName) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it("posts one message with the period's hottest articles and a briefing, then never repeats them", async () => {
    h = await harness(storeName, CORPUS, { brief });
    await h.delivery.digests.put(digest());
    const first = await h.delivery.digestRunner.run(digest(), START, 'slot-1');
    expect(first.articleIds).toEqual(['new-1', 'new-2']);
    expect(h.discord.messages).toHaveLength(1);
    expect(h.discord.messages[0]?.post).toMatchObject({
      kind: 'digest',
      digestId: 'c9',
      period: { from: new Date(START.getTime() - DAY).toISOString(), to: START.toISOString() },
    });
    const { briefings } = h.discord.messages[0]?.post as Extract<OutgoingPost, { kind: 'digest' }>;
    expect(briefings.map((b) => b.topic)).toEqual(['AI']);
    expect(briefings[0]?.bullets.length).toBeGreaterThan(0);
    expect(briefings[0]?.bullets.flatMap((b) => b.sources).every((id) => ['new-1', 'new-2'].includes(id))).toBe(true);
    // Next day: the period has one unseen article; older unseen ones fill the rest, and nothing repeats.
    const stored = (await h.delivery.digests.get('c9')) as Digest;
    expect(stored.lastRunAt).toBe(START.toISOString());
    const next = await h.delivery.digestRunner.run(stored, new Date(START.getTime() + DAY), 'slot-2');
    expect(next.articleIds).toEqual(['day-2', 'old-hot']);
    const third = await h.delivery.digestRunner.run((await h.delivery.digests.get('c9')) as Digest, new Date(START.getTime() + 2 * DAY), 'slot-3');
    expect(third.articleIds).toEqual(['old-warm', 'new-3']);
    const fourth = await h.delivery.digestRunner.run((await h.delivery.digests.get('c9')) as Digest, new Date(START.getTime() + 3 * DAY), 'slot-4');
    expect(fourth).toEqual({ articleIds: [], empty: true });
    expect(h.discord.articleIds('c9')).toEqual(['new-1', 'new-2', 'day-2', 'old-hot', 'old-warm', 'new-3']);
  });

  it('sends one digest per period even when several processes run it at once', async () => {
    h = await harness(storeName, CORPUS);
    await h.delivery.digests.put(digest());
    const others = [await h.process('p2'), await h.process('p3')];
    const results = await Promise.all([h.delivery, ...others].map((p) => p.digestRunner.run(digest(), START, 'slot-1')));
    expect(h.discord.messages).toHaveLength(1);
    expect(results.filter((r) => r.alreadySent)).toHaveLength(2);
  });

  it('keeps to its topics and briefs each of them', async () => {
    h = await harness(storeName, CORPUS, { brief });
    const d = digest({ topics: ['Cloud', 'Security'], size: 5 });
    await h.delivery.digests.put(d);
    const result = await h.delivery.digestRunner.run(d, START, 'slot-1');
    expect(result.articleIds).toEqual(['new-2', 'new-3', 'old-warm']);
    expect((h.discord.messages[0]?.post as { briefings: { topic: string }[] }).briefings.map((b) => b.topic)).toEqual(['Cloud', 'Security']);
  });
});
