// Search as a reader sees it: what a query finds and in which order, on small hand-made corpora.
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/types.ts';
import { CorpusIndex } from '../../src/index/corpus-index.ts';

function article(fields: Partial<Article> & { id: string }): Article {
  return {
    title: fields.id, excerpt: '', body: '', url: null, publishedAt: null, provider: { name: null, domain: null },
    topics: [], topicScores: {}, heat: 50, quality: null, language: 'en', type: 'article', image: null, source: `${fields.id}.md`, ...fields,
  };
}

const vi = (id: string, title: string, body = '', heat = 50): Article => article({ id, title, body, heat, language: 'vi' });
const ids = (articles: Article[]): string[] => articles.map((a) => a.id);

describe('English', () => {
  it('finds other forms of a word: "custom connectors" finds "Custom connector …"', () => {
    const index = CorpusIndex.build([
      article({ id: 'connector', title: 'Custom connector for Dataverse released' }),
      article({ id: 'other', title: 'Canvas apps get faster' }),
    ]);
    expect(ids(index.search('custom connectors'))).toEqual(['connector']);
    expect(ids(index.search('connectors releases'))).toEqual(['connector']);
  });

  it('returns partial matches when no article holds every word, after any that do', () => {
    const index = CorpusIndex.build([
      article({ id: 'pricing', title: 'New pricing for Power Apps', heat: 90 }),
      article({ id: 'dataverse', title: 'Dataverse storage explained', heat: 80 }),
      article({ id: 'unrelated', title: 'Teams meetings', heat: 99 }),
    ]);
    expect(ids(index.search('dataverse pricing')).sort()).toEqual(['dataverse', 'pricing']);
    const both = CorpusIndex.build([...index.articles, article({ id: 'both', title: 'Dataverse pricing changes', heat: 1 })]);
    expect(ids(both.search('dataverse pricing'))[0]).toBe('both');
  });

  it('does not return an article that matches only stopwords of the query', () => {
    const index = CorpusIndex.build([article({ id: 'the', title: 'The state of the art' })]);
    expect(index.search('the zzzqx')).toEqual([]);
    expect(ids(index.search('the'))).toEqual(['the']);
  });

  it('ranks one title mention above a body that repeats the word 50 times', () => {
    const index = CorpusIndex.build([
      article({ id: 'repeats', title: 'Weekly roundup', body: 'kubernetes '.repeat(50), heat: 99 }),
      article({ id: 'title', title: 'Kubernetes 2.0 ships', body: 'A release with many changes to the scheduler and the network stack.', heat: 1 }),
    ]);
    expect(ids(index.search('kubernetes'))).toEqual(['title', 'repeats']);
  });

  it('ranks the words together as a phrase above the same words apart', () => {
    const index = CorpusIndex.build([
      article({ id: 'apart', title: 'Computing budgets move to the cloud', heat: 90 }),
      article({ id: 'phrase', title: 'Cloud computing budgets grow', heat: 10 }),
    ]);
    expect(ids(index.search('cloud computing'))).toEqual(['phrase', 'apart']);
  });

  it('expands a last word of three letters or more (two with a mark), never two bare letters', () => {
    const index = CorpusIndex.build([
      article({ id: 'thanh', title: 'Thành phố mới', heat: 90 }),
      article({ id: 'may', title: 'Đám mây điện toán', heat: 10 }),
      article({ id: 'thu', title: 'Thu hoạch lúa', heat: 50 }),
    ]);
    expect(ids(index.search('th'))).toEqual([]);
    expect(ids(index.search('tha'))).toEqual(['thanh']);
    expect(ids(index.search('đám mâ'))).toEqual(['may']);
  });

  it('expands only the last word as a prefix, and an exact word outranks its completions', () => {
    const index = CorpusIndex.build([
      article({ id: 'application', title: 'Application lifecycle', heat: 90 }),
      article({ id: 'app', title: 'App lifecycle', heat: 10 }),
      article({ id: 'microsoft', title: 'Microsoft power platform', heat: 90 }),
      article({ id: 'micro', title: 'Micro power grids', heat: 10 }),
    ]);
    expect(ids(index.search('app'))).toEqual(['app', 'application']);
    expect(ids(index.search('app '))).toEqual(['app']);
    // "micro" is not the last word: it matches only the word "micro", so Microsoft matches one word of two.
    expect(ids(index.search('micro power'))).toEqual(['micro', 'microsoft']);
  });

  it('expands a prefix to its eight most frequent words, however many words start with it, before and after a change', () => {
    // 70 words start with "pre" (more than the index ranks ahead of queries: vocabulary.ts); word i titles i + 1
    // articles, so the eight most frequent are the last eight.
    const letters = 'bcdfgkmnpt';
    const words = Array.from({ length: 70 }, (_, i) => `pre${letters[Math.floor(i / 10)]}${letters[i % 10]}`);
    const articles = words.flatMap((word, i) => Array.from({ length: i + 1 }, (_, k) => article({ id: `${word}-${k}`, title: word })));
    const expected = words.slice(-8).sort();
    const index = CorpusIndex.build(articles);
    const titles = (found: Article[]): string[] => [...new Set(found.map((a) => a.title))].sort();
    expect(titles(index.search('pre', { limit: 1000 }))).toEqual(expected);
    expect(titles(index.search('pre', { limit: 1000, exhaustive: true }))).toEqual(expected);
    // With a change the index counts words over its segments, and finds the completions by visiting them all.
    const changed = index.withChanges({ added: [article({ id: 'other', title: 'Unrelated news' })], removed: [] });
    expect(titles(changed.search('pre', { limit: 1000 }))).toEqual(expected);
  });

  it('never lets completions of a typed word add to an article that holds the word itself', () => {
    const index = CorpusIndex.build([
      article({ id: 'hot', title: 'App lifecycle', heat: 90 }),
      article({ id: 'cold-with-completions', title: 'App lifecycle', body: 'Applications, application templates and applets.', heat: 10 }),
      article({ id: 'completion-only', title: 'Application lifecycle', heat: 99 }),
    ]);
    // The two "App lifecycle" articles match "app" equally: heat orders them, the completions in one body do not.
    expect(ids(index.search('app'))).toEqual(['hot', 'cold-with-completions', 'completion-only']);
    expect(ids(index.search('app', { exhaustive: true }))).toEqual(['hot', 'cold-with-completions', 'completion-only']);
  });

  it('orders equally good matches by heat, but heat never lifts a weaker match above a better one', () => {
    const index = CorpusIndex.build([
      article({ id: 'cold', title: 'Azure outage', heat: 1 }),
      article({ id: 'hot', title: 'Azure outage', heat: 200 }),
      article({ id: 'hottest-mention', title: 'Weekly roundup', body: 'Also: a short Azure outage on Monday and other things we saw this week.', heat: 1000 }),
    ]);
    expect(ids(index.search('azure outage'))).toEqual(['hot', 'cold', 'hottest-mention']);
  });

  it('ranks articles with the rarer words first when the query\'s other words are in most articles ("power apps" in a Power Apps feed)', () => {
    const feed = Array.from({ length: 8 }, (_, i) => article({ id: `apps${i}`, title: `Power Apps update ${i}`, excerpt: 'What is new in Power Apps this month.', heat: 100 - i }));
    const index = CorpusIndex.build([
      ...feed,
      article({ id: 'sharepoint', title: 'Filtering SharePoint lists', excerpt: 'Columns with several choices.', heat: 1 }),
      article({ id: 'both', title: 'Power Apps and SharePoint', excerpt: 'Forms on lists.', heat: 2 }),
    ]);
    const found = ids(index.search('power apps sharepoint'));
    expect(found.slice(0, 2)).toEqual(['both', 'sharepoint']);
    // The common words still find articles, after those holding the rare one.
    expect(found.slice(2).sort()).toEqual(feed.map((a) => a.id).sort());
    expect(ids(index.search('power apps')).sort()).toEqual(['both', ...feed.map((a) => a.id)].sort());
  });

  it('judges how rare a word is among the articles of its language, not the whole mixed corpus', () => {
    // "power" is in half the English articles (common for English, though rare among all 50); "licensing"
    // in one. The article about licensing outranks the one that only repeats "power".
    const note = 'Notes for makers this week.';
    const index = CorpusIndex.build([
      article({ id: 'repeats-power', title: 'Power, more power', excerpt: 'Power to makers, power everywhere.', heat: 99 }),
      ...Array.from({ length: 4 }, (_, i) => article({ id: `power${i}`, title: `Power tips ${i}`, excerpt: note, heat: 50 })),
      ...Array.from({ length: 4 }, (_, i) => article({ id: `other${i}`, title: `Canvas tips ${i}`, excerpt: note, heat: 50 })),
      article({ id: 'licensing', title: 'Licensing changes explained', excerpt: note, heat: 1 }),
      ...Array.from({ length: 40 }, (_, i) => article({ id: `vi${i}`, title: `Tin tức số ${i}`, excerpt: 'Thời sự trong nước hôm nay.', language: 'vi' })),
    ]);
    expect(ids(index.search('power licensing')).slice(0, 2)).toEqual(['licensing', 'repeats-power']);
  });

  it('weighs a word borrowed into another language no more than at home: one Vietnamese article saying "power" does not outrank English "Power" headlines', () => {
    const index = CorpusIndex.build([
      article({ id: 'formulas', title: 'Power Fx formulas', heat: 1 }),
      ...Array.from({ length: 3 }, (_, i) => article({ id: `power${i}`, title: `Power Automate news ${i}`, heat: 10 })),
      article({ id: 'canvas', title: 'Canvas layouts', heat: 10 }),
      vi('vi-power', 'Siêu mô tô độ lại', 'Chiếc xe có power lớn hơn bản gốc.', 99),
      ...Array.from({ length: 20 }, (_, i) => vi(`vi${i}`, `Tin tức số ${i}`, 'Thời sự trong nước hôm nay.')),
    ]);
    expect(ids(index.search('power formulas'))).toEqual(['formulas', 'power0', 'power1', 'power2', 'vi-power']);
  });

  it('keeps each language\'s weight for a word at home in both: "ai" finds the English AI article before Vietnamese "ai" (who)', () => {
    const index = CorpusIndex.build([
      article({ id: 'ai-builder', title: 'AI Builder models', heat: 1 }),
      ...Array.from({ length: 9 }, (_, i) => article({ id: `en${i}`, title: `Canvas apps news ${i}`, heat: 50 })),
      ...Array.from({ length: 5 }, (_, i) => vi(`vi-ai${i}`, `Ai là người thắng cuộc ${i}`, 'Không ai biết trước.', 99)),
      ...Array.from({ length: 10 }, (_, i) => vi(`vi${i}`, `Tin tức số ${i}`, 'Thời sự trong nước hôm nay.')),
    ]);
    expect(ids(index.search('ai'))[0]).toBe('ai-builder');
  });

  it('filters by language and by topic', () => {
    const index = CorpusIndex.build([
      article({ id: 'en-ai', title: 'AI news', topics: ['AI'] }),
      article({ id: 'en-cloud', title: 'Cloud news', topics: ['Cloud Computing'] }),
      vi('vi-news', 'Tin news hôm nay'),
    ]);
    expect(ids(index.search('news', { language: 'vi' }))).toEqual(['vi-news']);
    expect(ids(index.search('news', { topic: 'ai' }))).toEqual(['en-ai']);
  });
});

describe('Vietnamese', () => {
  const cloud = vi('cloud', 'Điện toán đám mây tăng trưởng mạnh', 'Thị trường điện toán đám mây Việt Nam.');
  const mayweather = article({ id: 'mayweather', title: 'Mayweather returns to the ring', body: 'Floyd Mayweather may fight again in May.' });
  const exam = vi('exam', 'Đề thi môn toán', `${'thi '.repeat(112)}học sinh làm bài thi.`);
  const stocks = vi('stocks', 'Thị trường chứng khoán hồi phục', 'Chứng khoán tăng điểm, thị trường sôi động.');
  const machines = vi('machines', 'Máy tính bảng giá rẻ', 'Máy tính và điện thoại.');

  it('finds marked text from an unaccented query, the phrase first', () => {
    const index = CorpusIndex.build([cloud, mayweather, machines, exam]);
    expect(ids(index.search('dien toan dam may'))[0]).toBe('cloud');
    // The others hold one syllable each ("điện thoại", "môn toán"): partial matches, after it; never Mayweather.
    expect(ids(index.search('điện toán đám mây'))).toEqual(['cloud', 'exam', 'machines']);
  });

  it('never matches a marked word inside a longer word or through folding: no Mayweather for "mây", no exam for "thị"', () => {
    const index = CorpusIndex.build([cloud, mayweather, exam, stocks, machines]);
    expect(ids(index.search('mây'))).toEqual(['cloud']);
    const found = ids(index.search('thị trường chứng khoán'));
    expect(found[0]).toBe('stocks');
    expect(found).not.toContain('exam');
  });

  it('ranks the exact marks above folded matches', () => {
    const unmarked = vi('unmarked', 'Troi nhieu may o Ha Noi', 'Du bao thoi tiet: may day, mua nho.');
    const lucky = vi('lucky', 'Người may mắn trúng thưởng', 'Một người may mắn.', 1);
    const index = CorpusIndex.build([cloud, unmarked, machines, lucky]);
    // A word without marks matches every marked form; the word written exactly so ranks first.
    expect(ids(index.search('may mắn'))[0]).toBe('lucky');
    // A marked word matches text written without any marks too, below text with the right marks.
    expect(ids(index.search('mây'))).toEqual(['cloud', 'unmarked']);
    expect(ids(index.search('máy'))).toEqual(['machines', 'unmarked']);
  });

  it('completes the last syllable as typed, keeping its marks', () => {
    const index = CorpusIndex.build([cloud, machines, mayweather]);
    expect(ids(index.search('đám mâ'))).toEqual(['cloud']);
    expect(ids(index.search('máy tí'))).toEqual(['machines']);
  });
});

describe('exact top k', () => {
  it('returns the same results as scoring every match, for broad and narrow queries, with filters', () => {
    const words = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon'.split(' ');
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const text = (n: number): string => Array.from({ length: n }, () => words[Math.floor(rand() ** 2 * words.length)]).join(' ');
    // A third in Vietnamese (unmarked): idf is counted per language; many words are common (in most articles).
    const articles = Array.from({ length: 3000 }, (_, i) =>
      article({ id: `d${i}`, title: text(4), excerpt: text(10), body: text(Math.floor(rand() * 80)), heat: Math.floor(rand() * 100), language: i % 3 === 0 ? 'vi' : 'en' }),
    );
    const index = CorpusIndex.build(articles);
    for (let q = 0; q < 150; q++) {
      const query = text(1 + (q % 4));
      for (const limit of [1, 10, 50]) {
        expect(ids(index.search(query, { limit })), `${query} (${limit})`).toEqual(ids(index.search(query, { limit, exhaustive: true })));
      }
      const language = q % 2 ? 'en' : 'vi';
      expect(ids(index.search(query, { limit: 10, language })), `${query} (${language})`).toEqual(ids(index.search(query, { limit: 10, language, exhaustive: true })));
    }
  });
});
