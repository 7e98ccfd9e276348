// The "Also" line: a story's other sources named under its post, in feeds and digests, within embed limits.
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/types.ts';
import { EMBED_LIMITS, otherSources } from '../../src/discord/embeds.ts';
import { renderPost } from '../../src/discord/render-post.ts';

function article(id: string, provider: string, sources: string[]): Article {
  return {
    id, title: `Story told by ${provider}`, excerpt: 'Lead.', body: '', url: `https://${provider.toLowerCase()}.com/${id}`, publishedAt: '2024-05-01T08:00:00Z',
    provider: { name: provider, domain: `${provider.toLowerCase()}.com` }, topics: ['AI'], topicScores: { AI: 1 }, heat: 60, heatRaw: 80, quality: null, language: 'en',
    type: 'article', image: null, source: `${id}.md`, story: { id, articles: [id, `${id}-b`], sources },
  };
}

describe('other sources of a story', () => {
  it('names the story’s sources but the article’s own, and counts those beyond five', () => {
    expect(otherSources(article('a', 'ZDNet', ['ZDNet', 'VentureBeat', 'Reuters']))).toBe('VentureBeat, Reuters');
    expect(otherSources(article('a', 'ZDNet', ['ZDNet']))).toBe('');
    expect(otherSources({ ...article('a', 'ZDNet', []), story: undefined })).toBe('');
    expect(otherSources(article('a', 'A', ['A', 'B', 'C', 'D', 'E', 'F', 'G', '@everyone']))).toBe('B, C, D, E, F +2');
  });

  it('adds an "Also" field to a feed post and an "Also:" part to a digest line', () => {
    const feed = renderPost({ kind: 'feed', feedId: 'f', articles: [article('a', 'ZDNet', ['ZDNet', 'VentureBeat'])] });
    expect(feed.embeds?.[0]?.fields).toContainEqual({ name: 'Also', value: 'VentureBeat', inline: false });
    const digest = renderPost({
      kind: 'digest', digestId: 'd', briefings: [], period: { from: '2024-05-01T00:00:00Z', to: '2024-05-02T00:00:00Z' }, timezone: 'UTC',
      articles: [article('a', 'ZDNet', ['ZDNet', 'VentureBeat', 'Reuters']), article('b', 'Wired', ['Wired'])],
    });
    const lines = String(digest.embeds?.[0]?.description).split('\n');
    expect(lines[0]).toMatch(/— ZDNet · 🔥 60 · Also: VentureBeat, Reuters$/);
    expect(lines[1]).toMatch(/— Wired · 🔥 60$/);
    // Vietnamese readers get it in Vietnamese.
    const vi = renderPost({ kind: 'feed', feedId: 'f', articles: [article('a', 'ZDNet', ['ZDNet', 'VnExpress'])] }, 'vi');
    expect(vi.embeds?.[0]?.fields?.map((f) => f.name)).toContain('Cũng đưa tin');
  });

  it('keeps a post with a very long list of sources within the embed limits', () => {
    const many = Array.from({ length: 400 }, (_, i) => `Source number ${i} ${'x'.repeat(40)}`);
    const feed = renderPost({ kind: 'feed', feedId: 'f', articles: [article('a', 'ZDNet', ['ZDNet', ...many])] });
    const field = feed.embeds?.[0]?.fields?.find((f) => f.name === 'Also');
    expect(field!.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
  });
});
