// Delivery over the real English corpus and the real CorpusIndex: a feed drains every matching article exactly once,
// past the index's default page of 10.
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { CorpusIndex } from '../../src/index/corpus-index.ts';
import type { Feed } from '../../src/delivery/model.ts';
import { START, harness, type Harness } from './support.ts';
import { enCorpus, enPresent } from '../support/paths.ts';

if (!enPresent) console.warn(`${enCorpus} is absent: real-corpus delivery test skipped`);

describe('a feed over the real English corpus', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it.skipIf(!enPresent)('posts every Portals or Teams article above the heat floor once, hottest first, across many runs', async () => {
    const index = CorpusIndex.build((await loadCorpus([enCorpus])).articles);
    const expected = index.hottest({ topics: ['Portals', 'Teams integration'], minHeat: 20, limit: Infinity });
    expect(expected.length).toBeGreaterThan(10); // more than one page of the index
    h = await harness('sqlite', index);
    const feed: Feed = { id: 'ai', guildId: 'g', channelId: 'c', topics: ['portals', 'Teams integration'], minHeat: 20, schedule: '0 * * * *', timezone: 'UTC', maxPerRun: 7, paused: false, createdBy: 'u', createdAt: START.toISOString() };
    for (let run = 0; run < Math.ceil(expected.length / 7) + 2; run++) await h.delivery.feedRunner.run(feed, START);
    const posted = h.discord.articleIds('c');
    expect(posted).toEqual(expected.map((a) => a.id));
  });
});
