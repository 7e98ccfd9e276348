// Stories in delivery: the same event from several sources is posted once per channel, names the other
// sources, and a later article of it posts only when much hotter; digests carry a story once.
import { afterEach, describe, expect, it } from 'vitest';
import type { Article, Story } from '../../src/types.ts';
import type { Digest, Feed } from '../../src/delivery/model.ts';
import { CorpusIndex } from '../../src/index/corpus-index.ts';
import { MUCH_HOTTER } from '../../src/delivery/feed-runner.ts';
import { STORE_NAMES, START, article, harness, type Harness } from './support.ts';

const from = (name: string) => ({ name, domain: `${name.toLowerCase()}.com` });

/** One event told by ZDNet and Reuters (near-duplicate title and lead), and an unrelated story. */
const ZDNET = { ...article('zdnet-alibaba', 80, ['Cloud']), provider: from('ZDNet'), title: 'Alibaba Cloud nears profitability as customers move into AI workloads', excerpt: 'Alibaba Cloud customers move to AI and data analytics, driving results.' };
const REUTERS = { ...article('reuters-alibaba', 40, ['Cloud'], '2024-04-30T08:00:00Z'), provider: from('Reuters'), title: 'Alibaba Cloud nears profitability as customers move to AI workloads', excerpt: 'Customers of Alibaba Cloud move to AI and data analytics workloads.' };
const OTHER = { ...article('zdnet-quantum', 60, ['Cloud']), provider: from('ZDNet'), title: 'Quantum chips reach a record in error correction', excerpt: 'A lab reports a record.' };

function feed(overrides: Partial<Feed> = {}): Feed {
  return { id: 'f1', guildId: 'g1', channelId: 'c1', topics: ['Cloud'], minHeat: 0, schedule: '0 * * * *', timezone: 'UTC', maxPerRun: 10, paused: false, createdBy: 'u1', createdAt: '2024-05-01T00:00:00Z', ...overrides };
}

/** Hand-made members of one story, for heats the test chooses. */
function inStory(articles: Article[], id: string): Article[] {
  const story: Story = { id, articles: articles.map((a) => a.id), sources: articles.map((a) => a.provider.name!) };
  return articles.map((a) => ({ ...a, story }));
}

describe.each(STORE_NAMES)('stories in delivery on the %s store', (storeName) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('posts a story from two sources once: its best article, naming the other source; not again after a restart or reseed', async () => {
    const index = CorpusIndex.build([ZDNET, REUTERS, OTHER]);
    h = await harness(storeName, index);
    await h.delivery.feeds.put(feed());
    const first = await h.delivery.feedRunner.run(feed(), START);
    expect(first.posted.map((p) => [p.articleId, p.storyId])).toEqual([
      ['zdnet-alibaba', 'reuters-alibaba'],
      ['zdnet-quantum', 'zdnet-quantum'],
    ]);
    const [post] = h.discord.messages.map((m) => m.post.articles[0]!);
    expect(post!.story?.sources).toEqual(['ZDNet', 'Reuters']);
    // Another process (a restart) and a reseed with new heats: nothing of the story again.
    const restarted = await h.process('p2');
    expect((await restarted.feedRunner.run(feed(), START)).posted).toEqual([]);
    h.reseed(CorpusIndex.build([{ ...ZDNET, heat: 10 }, { ...REUTERS, heat: 99 }, OTHER]));
    expect((await restarted.feedRunner.run(feed(), START)).posted).toEqual([]);
    expect(h.discord.articleIds('c1')).toEqual(['zdnet-alibaba', 'zdnet-quantum']);
  });

  it('posts a story once when two processes run the feed at the same moment', async () => {
    h = await harness(storeName, CorpusIndex.build([ZDNET, REUTERS]));
    const others = [await h.process('p2'), await h.process('p3')];
    await Promise.all([h.delivery, ...others].map((p) => p.feedRunner.run(feed(), START)));
    expect(h.discord.articleIds('c1')).toEqual(['zdnet-alibaba']);
  });

  it('posts a later article of a posted story only when it is much hotter, once', async () => {
    const a = { ...article('a', 60, ['Cloud']), provider: from('ZDNet') };
    const b = { ...article('b', 50, ['Cloud']), provider: from('Reuters') };
    const warm = { ...article('c', 60 + MUCH_HOTTER - 1, ['Cloud']), provider: from('Wired') };
    const hot = { ...article('d', 60 + MUCH_HOTTER, ['Cloud']), provider: from('Verge') };
    h = await harness(storeName, inStory([a, b], 'a'));
    expect((await h.delivery.feedRunner.run(feed(), START)).posted.map((p) => p.articleId)).toEqual(['a']);
    h.reseed(inStory([warm, a, b], 'a'));
    expect((await h.delivery.feedRunner.run(feed(), START)).posted).toEqual([]);
    h.reseed(inStory([hot, warm, a, b], 'a'));
    expect((await h.delivery.feedRunner.run(feed(), START)).posted.map((p) => p.articleId)).toEqual(['d']);
    expect((await h.delivery.feedRunner.run(feed(), START)).posted).toEqual([]);
    expect(h.discord.articleIds('c1')).toEqual(['a', 'd']);
  });

  it('keeps a story posted when an earlier article joins it and its id changes', async () => {
    const a = { ...article('a', 60, ['Cloud']), provider: from('ZDNet') };
    const b = { ...article('b', 50, ['Cloud']), provider: from('Reuters') };
    const earlier = { ...article('e', 55, ['Cloud'], '2024-04-01T00:00:00Z'), provider: from('Wired') };
    h = await harness(storeName, inStory([a, b], 'b'));
    await h.delivery.feedRunner.run(feed(), START);
    h.reseed(inStory([a, earlier, b], 'e'));
    expect((await h.delivery.feedRunner.run(feed(), START)).posted).toEqual([]);
    expect(h.discord.articleIds('c1')).toEqual(['a']);
  });

  it('keeps a story posted when the article its id came from leaves the corpus', async () => {
    const a = { ...article('a', 60, ['Cloud']), provider: from('ZDNet') };
    const b = { ...article('b', 50, ['Cloud']), provider: from('Reuters') };
    const c = { ...article('c', 45, ['Cloud']), provider: from('Wired') };
    h = await harness(storeName, inStory([a, b, c], 'b'));
    expect((await h.delivery.feedRunner.run(feed(), START)).posted.map((p) => p.articleId)).toEqual(['a']);
    h.reseed(inStory([a, c], 'a'));
    expect((await h.delivery.feedRunner.run(feed(), START)).posted).toEqual([]);
    expect(h.discord.articleIds('c1')).toEqual(['a']);
  });

  it('collapses a story into one digest item and never carries it again', async () => {
    const digest: Digest = { id: 'c9', guildId: 'g1', channelId: 'c9', time: '09:00', timezone: 'UTC', size: 5, createdBy: 'u1', createdAt: '2024-04-01T00:00:00Z' };
    h = await harness(storeName, CorpusIndex.build([ZDNET, REUTERS, OTHER]));
    const first = await h.delivery.digestRunner.run(digest, START, 'slot-1');
    expect(first.articleIds).toEqual(['zdnet-alibaba', 'zdnet-quantum']);
    h.reseed(CorpusIndex.build([{ ...ZDNET, heat: 1 }, REUTERS, OTHER]));
    const next = await h.delivery.digestRunner.run(digest, new Date(START.getTime() + 24 * 3600_000), 'slot-2');
    expect(next).toEqual({ articleIds: [], empty: true });
  });
});
