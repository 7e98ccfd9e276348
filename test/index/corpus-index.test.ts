import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync, rmSync } from 'node:fs';
import type { Article } from '../../src/types.ts';
import { loadCorpus, defaultTaxonomy } from '../../src/corpus/load.ts';
import { CorpusIndex } from '../../src/index/corpus-index.ts';
import { CorpusHolder } from '../../src/index/corpus-holder.ts';
import { FolderSource } from '../../src/sources/folder-source.ts';
import { corpusDir, frontMatter, seedsDir, sharedCorpus, sharedPresent } from '../corpus/helpers.ts';

function article(fields: Partial<Article> & { id: string }): Article {
  return {
    title: fields.id, excerpt: '', body: '', url: null, publishedAt: null, provider: { name: null, domain: null },
    topics: [], topicScores: {}, heat: 50, quality: null, language: 'en', type: 'article', image: null, source: `${fields.id}.md`, ...fields,
  };
}

async function seedsIndex(): Promise<CorpusIndex> {
  const taxonomy = await defaultTaxonomy();
  return CorpusIndex.build((await loadCorpus([seedsDir], { taxonomy })).articles, taxonomy);
}

describe('topics', () => {
  it('resolve case-, accent- and alias-insensitively to one canonical topic', async () => {
    const index = await seedsIndex();
    for (const asked of ['ai', 'AI', 'Artificial Intelligence', 'trí tuệ nhân tạo', 'tri tue nhan tao']) expect(index.resolveTopic(asked)).toBe('AI');
    expect(index.resolveTopic('điện toán đám mây')).toBe('Cloud Computing');
    // Seed 000's own figure stays visible; on the one scale it is 50, alone in its group (ZDNet, 2020).
    expect(index.byTopic('artificial intelligence').map((a) => [a.heatRaw, a.heat])).toContainEqual([79, 50]);
  });

  it('suggest by prefix with counts, at most 25', () => {
    const articles = Array.from({ length: 40 }, (_, i) => article({ id: `a${i}`, topics: [`Topic ${String(i).padStart(2, '0')}`, 'Cloud Computing'] }));
    const index = CorpusIndex.build(articles);
    expect(index.suggestTopics('topic')).toHaveLength(25);
    expect(index.suggestTopics('comp')).toEqual([{ name: 'Cloud Computing', count: 40 }]);
    expect(index.suggestTopics('zzz')).toEqual([]);
  });

  it('list articles hottest first: heat, then quality, then newest, then id', () => {
    // One year, one source: heats stay comparable (an undated article would be in another group).
    const index = CorpusIndex.build([
      article({ id: 'c', topics: ['T'], heat: 10, quality: 5, publishedAt: '2020-01-01T00:00:00.000Z' }),
      article({ id: 'b', topics: ['T'], heat: 10, quality: 5, publishedAt: '2020-03-01T00:00:00.000Z' }),
      article({ id: 'a', topics: ['T'], heat: 10, quality: null, publishedAt: '2020-03-30T00:00:00.000Z' }),
      article({ id: 'd', topics: ['T'], heat: 30, publishedAt: '2020-01-10T00:00:00.000Z' }),
      article({ id: 'e', topics: ['T'], heat: 10, quality: 9, publishedAt: '2020-01-20T00:00:00.000Z' }),
    ]);
    expect(index.byTopic('t').map((a) => a.id)).toEqual(['d', 'e', 'b', 'c', 'a']);
  });
});

describe('search', () => {
  it('finds seed 004 by its unaccented Vietnamese words, and by a prefix', async () => {
    const index = await seedsIndex();
    expect(index.search('dien toan dam may')[0]?.title).toMatch(/^Alibaba đã vượt mặt IBM/);
    expect(index.search('Điện toán đám mâ')[0]?.title).toMatch(/^Alibaba đã vượt mặt IBM/);
    expect(index.search('profitab').map((a) => a.heatRaw)).toEqual([79]);
    expect(index.search('nothing like this anywhere')).toEqual([]);
  });

  it('ranks a title match above a body mention, and equal matches by heat', () => {
    const index = CorpusIndex.build([
      article({ id: 'body', heat: 90, body: 'A long story that mentions quantum computing once.' }),
      article({ id: 'title', heat: 10, title: 'Quantum computing breakthrough' }),
      article({ id: 'title-hot', heat: 40, title: 'Quantum computing breakthrough' }),
    ]);
    expect(index.search('quantum computing').map((a) => a.id)).toEqual(['title-hot', 'title', 'body']);
  });

  it('ranks every match of a query found in thousands of articles: a cold headline or a cold body saying it often beats hot passing mentions', () => {
    const broad = Array.from({ length: 5000 }, (_, i) => article({ id: `n${String(i).padStart(4, '0')}`, heat: 6000 - i, body: 'news of the day' }));
    const coldHeadline = article({ id: 'cold-headline', heat: 1, title: 'News today' });
    const coldBody = article({ id: 'cold-body', heat: 2, title: 'Other', body: 'news, news, news and news' });
    const index = CorpusIndex.build([...broad, coldHeadline, coldBody]);
    expect(index.search('news', { limit: 3 }).map((a) => a.id)).toEqual(['cold-headline', 'cold-body', 'n0000']);
    expect(index.search('news', { limit: 3, exhaustive: true }).map((a) => a.id)).toEqual(['cold-headline', 'cold-body', 'n0000']);
    expect(index.search('news to', { limit: 1 }).map((a) => a.id)).toEqual(['cold-headline']);
  });

  it.skipIf(!sharedPresent)('works across the shared corpora', async () => {
    const taxonomy = await defaultTaxonomy();
    const load = await loadCorpus([join(sharedCorpus, 'en'), join(sharedCorpus, 'vi')], { taxonomy });
    const index = CorpusIndex.build(load.articles, taxonomy);
    const gold = index.search('gia vang', { limit: 5 });
    expect(gold.length).toBe(5);
    expect(gold.every((a) => a.language === 'vi')).toBe(true);
    expect(index.search('power apps portals', { language: 'en' }).length).toBeGreaterThan(0);
  });
});

describe('hot order', () => {
  it('lists articles equal in heat, quality and date by id', () => {
    const index = CorpusIndex.build(['b', 'c', 'a'].map((id) => article({ id, publishedAt: '2026-03-02T08:00:00.000Z' })));
    expect(index.articles.map((a) => a.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('CorpusHolder', () => {
  it('reseeds atomically and reports added, updated, removed and skipped', async () => {
    const dir = corpusDir({
      'keep.md': frontMatter('title: Keep\nheat: 5\noriginalUrl: https://e.com/keep'),
      'gone.md': frontMatter('title: Gone\nheat: 5\noriginalUrl: https://e.com/gone'),
    });
    const holder = await CorpusHolder.open([new FolderSource(dir)]);
    const before = holder.current;
    rmSync(join(dir, 'gone.md'));
    writeFileSync(join(dir, 'keep.md'), frontMatter('title: Keep\nheat: 50\noriginalUrl: https://e.com/keep'));
    writeFileSync(join(dir, 'new.md'), frontMatter('title: New\nheat: 1\noriginalUrl: https://e.com/new'));
    writeFileSync(join(dir, 'broken.md'), '---\ntitle: x\n');
    const result = await holder.reload();
    expect(result.added).toEqual([holder.current.articles.find((a) => a.title === 'New')!.id]);
    expect(result.updated).toEqual([holder.current.articles.find((a) => a.title === 'Keep')!.id]);
    expect(result.removed).toEqual([before.articles.find((a) => a.title === 'Gone')!.id]);
    expect(result.skipped.map((s) => s.path)).toEqual([join(dir, 'broken.md')]);
    expect(before.articles).toHaveLength(2);
  });

  it('keeps serving the old corpus when a reseed fails', async () => {
    const dir = corpusDir({ 'a.md': frontMatter('title: A\nheat: 5') });
    const holder = await CorpusHolder.open([new FolderSource(dir)]);
    const serving = holder.current;
    rmSync(dir, { recursive: true });
    await expect(holder.reload()).rejects.toThrow(/does not exist/);
    expect(holder.current).toBe(serving);
    expect(holder.current.articles.map((a) => a.title)).toEqual(['A']);
  });
});
