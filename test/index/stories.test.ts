import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/types.ts';
import { loadCorpus, defaultTaxonomy } from '../../src/corpus/load.ts';
import { unifiedHeats } from '../../src/corpus/heat.ts';
import { CorpusIndex } from '../../src/index/corpus-index.ts';
import { groupNearDuplicates } from '../../src/index/stories.ts';
import { enCorpus, enPresent, viCorpus, viPresent } from '../support/paths.ts';

function article(fields: Partial<Article> & { id: string }): Article {
  return {
    title: fields.id, excerpt: '', body: '', url: null, publishedAt: '2024-05-01T08:00:00Z', provider: { name: 'Example', domain: 'example.com' },
    topics: ['AI'], topicScores: { AI: 1 }, heat: 50, quality: null, language: 'en', type: 'article', image: null, source: `corpus/${fields.id}.md`, ...fields,
  };
}

const provider = (name: string) => ({ name, domain: `${name.toLowerCase()}.com` });

describe('one heat scale', () => {
  it('ranks each article within its source and year: mid-rank percentile 0–100, ties equal, one alone is 50', () => {
    const raw = (heat: number, name: string, publishedAt: string | null = '2020-02-01T00:00:00Z') => ({ heat, provider: provider(name), publishedAt, source: 'x/a.md' });
    const heats = unifiedHeats([raw(189, 'Big'), raw(150, 'Big'), raw(150, 'Big'), raw(11, 'Big'), raw(20, 'Small'), raw(15, 'Small'), raw(5, 'Small', '2021-05-01T00:00:00Z')]);
    // Big: 4 articles → 87.5, 50, 50, 12.5. Small, 2020: 75, 25. Small, 2021: alone → 50.
    expect(heats).toEqual([87.5, 50, 50, 12.5, 75, 25, 50]);
  });

  it('puts front-matter and plain-text heat on one scale, keeping the source figure as heatRaw', () => {
    const frontMatter = Array.from({ length: 4 }, (_, i) => article({ id: `fm${i}`, title: `Video ${i} about apps`, heat: 150 + i, provider: provider('Microsoft') }));
    const plain = Array.from({ length: 4 }, (_, i) =>
      article({ id: `vi${i}`, title: `Bài ${i} về kinh tế`, heat: 60 + i, language: 'vi', provider: { name: null, domain: null }, publishedAt: null, source: `vi/${i}.txt` }),
    );
    const index = CorpusIndex.build([...frontMatter, ...plain]);
    const top = index.hottest({ limit: 2 });
    expect(top.map((a) => a.id).sort()).toEqual(['fm3', 'vi3']);
    expect(top.map((a) => a.heat)).toEqual([87.5, 87.5]);
    expect(index.get('fm3')!.heatRaw).toBe(153);
    // Indexing an index's own articles again gives the same heats (heatRaw is the input).
    expect(CorpusIndex.build([...index.articles]).articles.map((a) => [a.id, a.heat])).toEqual(index.articles.map((a) => [a.id, a.heat]));
  });
});

describe('stories', () => {
  const zdnet = article({ id: 'z', title: 'Alibaba Cloud nears profitability as customers move into AI workloads', excerpt: 'Alibaba Cloud customers move to AI and data analytics, driving results.', provider: provider('ZDNet'), heat: 80, publishedAt: '2024-05-02T08:00:00Z' });
  const reuters = article({ id: 'r', title: 'Alibaba Cloud nears profitability as customers move to AI workloads', excerpt: 'Customers of Alibaba Cloud move to AI and data analytics workloads.', provider: provider('Reuters'), heat: 40, publishedAt: '2024-05-01T08:00:00Z' });
  const other = article({ id: 'o', title: 'Quantum chips reach a new record in error correction', excerpt: 'A lab reports a record.', provider: provider('ZDNet'), heat: 60 });

  it('groups near-duplicate titles and leads from two sources into one story with a stable id and both sources', () => {
    const index = CorpusIndex.build([zdnet, other, reuters]);
    const story = index.get('z')!.story!;
    // Id: the earliest-published article (Reuters); best article first (ZDNet is hotter in its group).
    expect(story).toEqual({ id: 'r', articles: ['z', 'r'], sources: ['ZDNet', 'Reuters'] });
    expect(index.get('r')!.story).toEqual(story);
    expect(index.get('o')!.story).toEqual({ id: 'o', articles: ['o'], sources: ['ZDNet'] });
    // A later article joining keeps the id.
    const later = article({ id: 'a', title: 'Alibaba Cloud nears profitability as customers move into AI', excerpt: 'Alibaba Cloud customers move to AI and data analytics.', provider: provider('VentureBeat'), publishedAt: '2024-05-03T08:00:00Z' });
    const joined = CorpusIndex.build([zdnet, other, reuters, later]).get('a')!.story;
    expect(joined).toMatchObject({ id: 'r' });
    expect(joined!.sources.sort()).toEqual(['Reuters', 'VentureBeat', 'ZDNet']);
  });

  it('raises story heat by 10 per independent source beyond the first', () => {
    const alone = CorpusIndex.build([zdnet, other]).get('z')!.heat;
    const covered = CorpusIndex.build([zdnet, other, reuters]).get('z')!.heat;
    expect(alone).toBe(75);
    expect(covered).toBe(85);
    // The same text twice from one source is one source: no bonus.
    const copy = { ...reuters, id: 'copy', provider: provider('ZDNet') };
    expect(CorpusIndex.build([zdnet, other, copy]).get('z')!.heat).toBe(83.3); // top of three in ZDNet's group, no bonus
  });

  it('keeps alike articles published weeks apart as separate stories', () => {
    const lastYear = { ...reuters, publishedAt: '2024-03-01T08:00:00Z' };
    expect(groupNearDuplicates([zdnet, lastYear]).map((g) => g.map((a) => a.id))).toEqual([['z'], ['r']]);
    expect(groupNearDuplicates([zdnet, reuters]).map((g) => g.map((a) => a.id))).toEqual([['z', 'r']]);
  });

  it.skipIf(!enPresent || !viPresent)('finds the repeated press releases of the shared corpora, and leaves most articles alone', async () => {
    const taxonomy = await defaultTaxonomy();
    const index = CorpusIndex.build((await loadCorpus([enCorpus, viCorpus], { taxonomy })).articles, taxonomy);
    const stories = new Map(index.articles.map((a) => [a.story!.id, a.story!]));
    const multi = [...stories.values()].filter((s) => s.articles.length > 1);
    expect(multi.length).toBeGreaterThanOrEqual(5);
    expect(stories.size).toBeGreaterThan(index.articles.length * 0.95);
    const provance = index.articles.filter((a) => /^(RE-TRANSMISSION: )?Provance Releases ServiceTeam/.test(a.title));
    expect(provance.length).toBeGreaterThan(2);
    expect(new Set(provance.map((a) => a.story!.id)).size).toBe(1);
  });
});
