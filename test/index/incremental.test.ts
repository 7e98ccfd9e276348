// CorpusIndex.withChanges: an article added, updated or removed is seen (or no longer seen) everywhere a
// reader looks, at once; the index it came from keeps answering as before; and on the real corpora the
// result matches a full rebuild of the same articles wherever their statistics agree (docs/corpus.md,
// "Incremental changes").
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Article } from '../../src/types.ts';
import { defaultTaxonomy, loadCorpus } from '../../src/corpus/load.ts';
import { CorpusIndex } from '../../src/index/corpus-index.ts';
import { runAtOnce } from '../../src/index/snapshot/slices.ts';
import { stopwordsFor } from '../../src/text/stopwords.ts';
import { sharedCorpus, sharedPresent } from '../corpus/helpers.ts';

function article(fields: Partial<Article> & { id: string }): Article {
  return {
    title: fields.id, excerpt: '', body: '', url: null, publishedAt: null, provider: { name: null, domain: null },
    topics: [], topicScores: {}, heat: 50, quality: null, language: 'en', type: 'article', image: null, source: `${fields.id}.md`, ...fields,
  };
}

const ids = (articles: readonly Article[]): string[] => articles.map((a) => a.id);

const base = [
  article({ id: 'kube', title: 'Kubernetes release brings a faster scheduler', topics: ['Cloud Computing'], heat: 80, provider: { name: 'Wire', domain: 'wire.example' } }),
  article({ id: 'apps', title: 'Canvas apps get offline mode', topics: ['Low Code'], heat: 60, provider: { name: 'Wire', domain: 'wire.example' } }),
  article({ id: 'old', title: 'Quarterly storage pricing explained', topics: ['Cloud Computing', 'Pricing'], heat: 40, provider: { name: 'Wire', domain: 'wire.example' } }),
  article({ id: 'vi', title: 'Điện toán đám mây tăng trưởng mạnh', language: 'vi', topics: ['Cloud Computing'], heat: 70, provider: { name: 'Báo', domain: 'bao.example' } }),
];

describe('withChanges', () => {
  it('finds a new article by search, topic, hot list, title and id at once; the old index is unchanged', () => {
    const before = CorpusIndex.build(base);
    const fresh = article({ id: 'quantum', title: 'Quantum networking reaches the datacenter', topics: ['Quantum', 'Cloud Computing'], heat: 95, provider: { name: 'Wire', domain: 'wire.example' } });
    const after = before.withChanges({ added: [fresh], removed: [] });

    expect(ids(after.search('quantum networking'))).toEqual(['quantum']);
    expect(ids(after.search('datacenter'))).toEqual(['quantum']);
    expect(ids(after.byTopic('quantum'))).toEqual(['quantum']);
    // Raw heat 95 is the top of its group (Wire, undated): hottest of all.
    expect(ids(after.hottest({ limit: 1 }))).toEqual(['quantum']);
    expect(ids(after.byTopic('Cloud Computing'))[0]).toBe('quantum');
    expect(after.get('quantum')?.title).toBe(fresh.title);
    expect(ids(after.suggestTitles('quantum'))).toEqual(['quantum']);
    expect(after.topics()).toContainEqual({ name: 'Quantum', count: 1 });
    expect(after.topics()).toContainEqual({ name: 'Cloud Computing', count: 4 });
    expect(after.suggestTopics('quan')).toEqual([{ name: 'Quantum', count: 1 }]);
    expect(after.articles).toHaveLength(5);
    expect(after.pendingChanges).toBe(1);

    expect(before.search('quantum')).toEqual([]);
    expect(before.get('quantum')).toBeUndefined();
    expect(before.articles).toHaveLength(4);
    expect(before.pendingChanges).toBe(0);
  });

  it('never shows a removed article: search, topics, counts, suggestions, hot lists, titles, id', () => {
    const after = CorpusIndex.build(base).withChanges({ added: [], removed: ['old'] });
    for (const query of ['storage', 'pricing', 'quarterly storage pricing', 'qua', 'explained']) expect(ids(after.search(query, { limit: 50 }))).not.toContain('old');
    expect(ids(after.byTopic('Cloud Computing', { limit: 50 }))).toEqual(['kube', 'vi']);
    expect(after.byTopic('Pricing')).toEqual([]);
    expect(after.topics().map((t) => t.name)).not.toContain('Pricing');
    expect(after.topics()).toContainEqual({ name: 'Cloud Computing', count: 2 });
    expect(after.suggestTopics('pri')).toEqual([]);
    // Heats as built: kube 83.3 (top of Wire's three), apps and vi 50 (the id breaks the tie).
    expect(ids(after.hottest({ limit: 50 }))).toEqual(['kube', 'apps', 'vi']);
    expect(ids(after.suggestTitles('quarterly'))).toEqual([]);
    expect(after.get('old')).toBeUndefined();
    expect(ids(after.articles)).toEqual(['kube', 'apps', 'vi']);
  });

  it('returns an updated article with its new text only', () => {
    const before = CorpusIndex.build(base);
    const after = before.withChanges({ added: [{ ...base[1]!, title: 'Canvas apps gain a barcode scanner' }], removed: ['apps'] });
    expect(ids(after.search('barcode scanner'))).toEqual(['apps']);
    expect(after.search('offline mode ')).toEqual([]);
    expect(after.search('offline')).toEqual([]);
    expect(after.get('apps')?.title).toBe('Canvas apps gain a barcode scanner');
    expect(after.articles.filter((a) => a.id === 'apps')).toHaveLength(1);
    expect(after.byTopic('Low Code').map((a) => a.title)).toEqual(['Canvas apps gain a barcode scanner']);
    expect(ids(after.suggestTitles('canvas apps'))).toEqual(['apps']);
    // An id added again without being named in `removed` replaces it too.
    const again = after.withChanges({ added: [{ ...base[1]!, title: 'Canvas apps add maps' }], removed: [] });
    expect(again.articles.filter((a) => a.id === 'apps').map((a) => a.title)).toEqual(['Canvas apps add maps']);
    expect(again.search('barcode')).toEqual([]);
  });

  it('composes: the delta grows, a delta article can be removed, a removed id can come back', () => {
    const one = CorpusIndex.build(base).withChanges({ added: [article({ id: 'a', title: 'Alpha launch', topics: ['Space'] })], removed: ['kube'] });
    const two = one.withChanges({ added: [article({ id: 'b', title: 'Beta launch', topics: ['Space'] })], removed: [] });
    expect(ids(two.search('launch')).sort()).toEqual(['a', 'b']);
    expect(two.pendingChanges).toBe(3);
    const three = two.withChanges({ added: [], removed: ['a'] });
    expect(ids(three.search('launch'))).toEqual(['b']);
    expect(three.get('a')).toBeUndefined();
    expect(three.topics()).toContainEqual({ name: 'Space', count: 1 });
    expect(three.search('kubernetes')).toEqual([]);
    const four = three.withChanges({ added: [base[0]!], removed: [] });
    expect(ids(four.search('kubernetes'))).toEqual(['kube']);
    expect(four.get('kube')?.title).toBe(base[0]!.title);
    expect(four.topics()).toContainEqual({ name: 'Cloud Computing', count: 3 });
    expect(ids(four.articles).sort()).toEqual(['apps', 'b', 'kube', 'old', 'vi']);
    // Each step left the one before it as it was.
    expect(ids(two.search('launch')).sort()).toEqual(['a', 'b']);
    expect(one.search('beta')).toEqual([]);
  });

  it('adds to an empty index', () => {
    const after = CorpusIndex.build([]).withChanges({ added: base, removed: [] });
    expect(ids(after.search('cloud kubernetes scheduler'))).toEqual(['kube']);
    expect(ids(after.search('đám mây'))).toEqual(['vi']);
    expect(ids(after.articles)).toEqual(ids(CorpusIndex.build(base).articles));
  });

  it('groups added articles sharing a URL into one story at once, alike words only at the full build', () => {
    const story = { title: 'Acme recalls its solar inverters after fires', excerpt: 'Acme recalls 40,000 solar inverters after reports of fires in three states.' };
    const after = CorpusIndex.build(base).withChanges({
      added: [
        article({ id: 'r1', ...story, heat: 50, provider: { name: 'One', domain: 'one.example' }, url: 'https://acme.example/recall' }),
        article({ id: 'r2', ...story, heat: 50, provider: { name: 'Two', domain: 'two.example' }, url: 'https://acme.example/recall' }),
        // Written alike, not the same URL: in a delta of three every word is rare, so words do not join yet.
        article({ id: 'r3', ...story, heat: 50, provider: { name: 'Three', domain: 'three.example' } }),
      ],
      removed: [],
    });
    expect(after.get('r1')?.story?.articles.sort()).toEqual(['r1', 'r2']);
    // Alone in their groups (50) plus one other source (+10).
    expect(after.get('r2')?.heat).toBe(60);
    expect(after.get('r3')?.story?.articles).toEqual(['r3']);
    expect(after.rebuilt().get('r3')?.story?.articles.sort()).toEqual(['r1', 'r2', 'r3']);
  });

  it('will not save pending changes in a snapshot image; rebuilt() folds them into a full build', () => {
    const after = CorpusIndex.build(base).withChanges({ added: [article({ id: 'n', title: 'New thing' })], removed: ['old'] });
    expect(() => after.toImage()).toThrow(/2 changes since its build/);
    const merged = after.rebuilt();
    expect(merged.pendingChanges).toBe(0);
    expect(ids(merged.articles).sort()).toEqual(ids(after.articles).sort());
    expect(ids(merged.search('new thing'))).toEqual(['n']);
  });
});

describe.skipIf(!sharedPresent)('withChanges on the shared corpora, against a full rebuild of the same articles', async () => {
  const taxonomy = await defaultTaxonomy();
  const load = sharedPresent ? await loadCorpus([join(sharedCorpus, 'en'), join(sharedCorpus, 'vi')], { taxonomy }) : { articles: [] };
  const all = [...load.articles].sort((a, b) => (a.id < b.id ? -1 : 1));
  // Every 40th article arrives later; every 60th is removed; every 70th is updated (a new title), in two changes.
  const later = all.filter((_, i) => i % 40 === 7);
  const held = all.filter((_, i) => i % 40 !== 7);
  const removed = held.filter((_, i) => i % 60 === 3).map((a) => a.id);
  const updated = held.filter((_, i) => i % 70 === 5 && i % 60 !== 3).map((a, k) => ({ ...a, title: `${a.title} cập nhật sáng kiến ${k}` }));
  const start = CorpusIndex.build(held, taxonomy);
  const changed = start
    .withChanges({ added: later.slice(0, 20), removed })
    .withChanges({ added: [...updated, ...later.slice(20)], removed: [...updated.map((a) => a.id), later[0]!.id] });
  const gone = new Set([...removed, later[0]!.id]);
  const replaced = new Map(updated.map((a) => [a.id, a]));
  const final = [...held, ...later].filter((a) => !gone.has(a.id)).map((a) => replaced.get(a.id) ?? a);
  const rebuilt = CorpusIndex.build(final, taxonomy);
  // Queries: the first words of delta, updated and main titles, whole words (ending with a space, so no
  // completions: those are chosen per segment, see docs/corpus.md).
  const queryOf = (a: Article, words: number): string => `${a.title.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3).slice(0, words).join(' ')} `;
  const sources = [...later.slice(1, 30), ...updated, ...held.filter((_, i) => i % 97 === 0)];
  const queries = [...new Set(sources.flatMap((a) => [queryOf(a, 1), queryOf(a, 2), queryOf(a, 3)]).filter((q) => q.trim() !== ''))];
  const everything = { limit: 100_000 };

  it('holds the same articles, and gives added articles the heat a rebuild gives them', () => {
    expect(ids(changed.articles).sort()).toEqual(ids(rebuilt.articles).sort());
    expect(changed.topics()).toEqual(rebuilt.topics());
    let compared = 0;
    for (const a of [...later.slice(1), ...updated]) {
      const built = rebuilt.get(a.id)!;
      // Story coverage with a main article forms only at the next build: compare articles telling their own story.
      if (built.story!.articles.length > 1) continue;
      expect(changed.get(a.id)!.heat).toBe(built.heat);
      compared++;
    }
    expect(compared).toBeGreaterThan(30);
    // One article at a time on an index no change has touched: its heat group is found alone (not by grouping
    // every main article).
    const fresh = CorpusIndex.build(held, taxonomy);
    for (const a of later.slice(1, 6)) {
      const alone = CorpusIndex.build([...held, a], taxonomy).get(a.id)!;
      if (alone.story!.articles.length === 1) expect(fresh.withChanges({ added: [a], removed: [] }).get(a.id)!.heat, a.id).toBe(alone.heat);
    }
    // And on one readied ahead (what the holder does in the background after a build or a restore).
    const readied = CorpusIndex.build(held, taxonomy);
    runAtOnce(readied.prepareForChanges());
    for (const a of later.slice(1, 6)) {
      const alone = CorpusIndex.build([...held, a], taxonomy).get(a.id)!;
      if (alone.story!.articles.length === 1) expect(readied.withChanges({ added: [a], removed: [] }).get(a.id)!.heat, a.id).toBe(alone.heat);
    }
  });

  it('finds the same set of articles for every query', () => {
    expect(queries.length).toBeGreaterThan(100);
    for (const query of queries) expect(ids(changed.search(query, everything)).sort(), query).toEqual(ids(rebuilt.search(query, everything)).sort());
  });

  it('orders by how many query words an article holds exactly as a rebuild does; only within a tier may BM25 length norms and heat ranks differ', () => {
    let differentWithin = 0; // queries whose top 10 is in another order
    for (const query of queries.filter((q) => q.trim().includes(' '))) {
      // Stopwords earn no tier (text-index.ts): an article holding one more ranks within its tier.
      const words = query.trim().split(' ').filter((word) => !stopwordsFor('und').has(word));
      const holders = words.map((word) => new Set(ids(rebuilt.search(`${word} `, everything))));
      const tiers = (articles: Article[]): number[] => articles.map((a) => holders.filter((set) => set.has(a.id)).length);
      const mine = changed.search(query, everything);
      const theirs = rebuilt.search(query, everything);
      expect(tiers(mine), query).toEqual(tiers(theirs));
      if (ids(mine.slice(0, 10)).join() !== ids(theirs.slice(0, 10)).join()) differentWithin++;
    }
    // Within a tier the order moves for a few queries (14 of 154 top 10s when written): the statistics moved little.
    expect(differentWithin).toBeLessThan(queries.filter((q) => q.trim().includes(' ')).length / 4);
  });

  it('answers exactly as before when articles come back unchanged: equal statistics give the same order', () => {
    // Articles telling their own story, updated with the same content: every statistic (idf, length norms,
    // heat, hot rank) is what it was, so every score is.
    const same = start.articles.filter((a, i) => i % 50 === 13 && a.story!.articles.length === 1);
    const raw = new Map(held.map((a) => [a.id, a]));
    const again = start.withChanges({ added: same.map((a) => raw.get(a.id)!), removed: same.map((a) => a.id) });
    expect(again.pendingChanges).toBe(2 * same.length);
    expect(ids(again.articles)).toEqual(ids(start.articles));
    // Whole words: the completions of a word being typed are chosen per segment (docs/corpus.md).
    const words = [...new Set([...same, ...start.articles.filter((_, i) => i % 101 === 0)].flatMap((a) => [queryOf(a, 1), queryOf(a, 2)]))];
    expect(words.length).toBeGreaterThan(40);
    for (const query of words) {
      expect(ids(again.search(query)), query).toEqual(ids(start.search(query)));
      expect(ids(again.search(query, everything)), query).toEqual(ids(start.search(query, everything)));
    }
  });

  it('returns exactly the top k of scoring both segments with their shared statistics', () => {
    for (const query of [...queries, ...queries.map((q) => q.trimEnd())]) {
      for (const limit of [1, 10]) expect(ids(changed.search(query, { limit })), query).toEqual(ids(changed.search(query, { limit, exhaustive: true })));
    }
    for (const query of queries.slice(0, 40)) {
      const options = { limit: 10, language: 'vi', topic: 'World' };
      expect(ids(changed.search(query, options)), query).toEqual(ids(changed.search(query, { ...options, exhaustive: true })));
    }
  });
});
