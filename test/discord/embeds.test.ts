import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/types.ts';
import {
  articleEmbed,
  briefingEmbed,
  clampEmbed,
  EMBED_LIMITS,
  embedLength,
  embedUrl,
  fitEmbeds,
  neutralizeMentions,
  wholeLines,
} from '../../src/discord/embeds.ts';
import { translator } from '../../src/discord/i18n.ts';

const tr = translator('en-US');

function article(overrides: Partial<Article> = {}): Article {
  return {
    id: 'a1',
    title: 'Alibaba Cloud nears profitability',
    excerpt: 'Customers move into AI workloads.',
    body: '',
    url: 'https://example.com/a1',
    publishedAt: '2020-10-01T21:00:00Z',
    provider: { name: 'ZDNet', domain: 'zdnet.com' },
    topics: ['AI', 'Cloud'],
    topicScores: { AI: 1, Cloud: 1 },
    heat: 79,
    quality: 79,
    language: 'en',
    type: 'article',
    image: 'https://example.com/a1.png',
    source: 'seeds/000.txt',
    ...overrides,
  };
}

describe('neutralizeMentions', () => {
  it('breaks @everyone, @here and user/role mentions', () => {
    const out = neutralizeMentions('Hi @everyone and @here, ping <@123> and <@&456> and <@!789>');
    expect(out).not.toMatch(/@everyone|@here|<@\d|<@&\d|<@!\d/);
    expect(out.replace(/\u200b/g, '')).toBe('Hi @everyone and @here, ping <@123> and <@&456> and <@!789>');
  });
});

describe('embedUrl', () => {
  it('accepts http(s) only', () => {
    expect(embedUrl('https://example.com/x')).toBe('https://example.com/x');
    expect(embedUrl('javascript:alert(1)')).toBeUndefined();
    expect(embedUrl('not a url')).toBeUndefined();
    expect(embedUrl(null)).toBeUndefined();
    expect(embedUrl(`https://example.com/${'x'.repeat(2100)}`)).toBeUndefined();
  });
});

describe('articleEmbed', () => {
  it('links the title and shows provider, heat, topics, date and image', () => {
    const embed = articleEmbed(article(), tr);
    expect(embed.title).toBe('Alibaba Cloud nears profitability');
    expect(embed.url).toBe('https://example.com/a1');
    expect(embed.author?.name).toBe('ZDNet');
    expect(embed.image?.url).toBe('https://example.com/a1.png');
    expect(embed.timestamp).toBe('2020-10-01T21:00:00.000Z');
    const fields = Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({ Heat: '79', Topics: 'AI, Cloud', Published: `<t:${Date.parse('2020-10-01T21:00:00Z') / 1000}:D>` });
  });

  it('labels fields in Vietnamese for a Vietnamese user', () => {
    const names = (articleEmbed(article(), translator('vi')).fields ?? []).map((f) => f.name);
    expect(names).toContain('Độ nóng');
  });

  it('cuts a 300-character title to 256 and defuses mentions in article text', () => {
    const embed = articleEmbed(article({ title: `@everyone ${'t'.repeat(300)}`, excerpt: 'hey @here' }), tr);
    expect(embed.title!.length).toBeLessThanOrEqual(EMBED_LIMITS.title);
    expect(embed.title).not.toContain('@everyone');
    expect(embed.description).not.toContain('@here');
  });

  it('leaves out a URL or image Discord would reject, and a missing date', () => {
    const embed = articleEmbed(article({ url: 'ftp://x', image: 'nope', publishedAt: null }), tr);
    expect(embed.url).toBeUndefined();
    expect(embed.image).toBeUndefined();
    expect(embed.timestamp).toBeUndefined();
  });
});

describe('fitEmbeds', () => {
  const big = (i: number) => articleEmbed(article({ id: `a${i}`, title: 'T'.repeat(400), excerpt: 'E'.repeat(5000) }), tr, { descriptionMax: 5000 });

  it('keeps at most 10 embeds with every part within its limit and 6000 in total', () => {
    const fitted = fitEmbeds(Array.from({ length: 14 }, (_, i) => big(i)));
    expect(fitted.length).toBeLessThanOrEqual(EMBED_LIMITS.perMessage);
    expect(fitted.reduce((s, e) => s + embedLength(e), 0)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    for (const e of fitted) {
      expect(e.title!.length).toBeLessThanOrEqual(EMBED_LIMITS.title);
      expect(e.description!.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
    }
  });

  it('shortens descriptions before dropping articles', () => {
    const fitted = fitEmbeds([big(1), big(2)]);
    expect(fitted).toHaveLength(2);
    expect(fitted.reduce((s, e) => s + embedLength(e), 0)).toBeLessThanOrEqual(EMBED_LIMITS.total);
  });

  it('leaves a message that already fits unchanged', () => {
    const embeds = [articleEmbed(article(), tr), articleEmbed(article({ id: 'a2' }), tr)];
    expect(fitEmbeds(embeds)).toEqual(embeds);
  });

  it('clamps fields: at most 25, names and values within limits', () => {
    const clamped = clampEmbed({ fields: Array.from({ length: 30 }, () => ({ name: 'n'.repeat(300), value: 'v'.repeat(2000) })) });
    expect(clamped.fields).toHaveLength(EMBED_LIMITS.fields);
    expect(clamped.fields!.map((f) => [f.name.length, f.value.length])).toEqual(Array(EMBED_LIMITS.fields).fill([EMBED_LIMITS.fieldName, EMBED_LIMITS.fieldValue]));
  });

  it('keeps an embed whose fields alone pass 6,000 characters, with its first fields', () => {
    const fields = Array.from({ length: 10 }, (_, i) => ({ name: `field ${i}`, value: `${i}`.repeat(1000) }));
    const fitted = fitEmbeds([{ title: 'Status', fields }]);
    expect(fitted).toHaveLength(1);
    expect(fitted[0]!.fields!.map((f) => f.name)).toEqual(['field 0', 'field 1', 'field 2', 'field 3', 'field 4']);
    expect(embedLength(fitted[0]!)).toBeLessThanOrEqual(EMBED_LIMITS.total);
  });
});

describe('briefingEmbed', () => {
  const reference = (n: number, url: string | null) => ({ n, id: `a${n}`, title: `T${n}`, url, language: 'en', provider: null });
  const bullet = (text: string, citations: number[]) => ({ text, sources: citations.map((n) => `a${n}`), citations, language: 'en' });

  it('links each citation to its source, numbering as the briefing does', () => {
    const embed = briefingEmbed(
      { topic: 'AI', bullets: [bullet('First point', [1, 2]), bullet('Second', [3])], languages: {}, references: [reference(1, 'https://example.com/a1'), reference(2, null), reference(3, 'https://example.com/a3')] },
      'Briefing: AI',
    );
    expect(embed.description).toBe('• First point [1](https://example.com/a1) 2\n• Second [3](https://example.com/a3)');
  });

  it('keeps whole bullets within 4096 characters', () => {
    const bullets = Array.from({ length: 20 }, (_, i) => bullet(`${i} ${'w'.repeat(400)}`, []));
    const embed = briefingEmbed({ topic: 'AI', bullets, languages: {}, references: [] }, 'B');
    expect(embed.description!.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
    expect(embed.description!.split('\n').every((l) => l.endsWith('w'))).toBe(true);
  });
});

describe('wholeLines', () => {
  it('takes the leading lines that fit once joined', () => {
    expect(wholeLines(['aaa', 'bbb', 'ccc'], 7)).toEqual(['aaa', 'bbb']);
    expect(wholeLines(['aaaa'], 3)).toEqual([]);
  });
});
