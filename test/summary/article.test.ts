import { describe, expect, it } from 'vitest';
import { summarizeArticle } from '../../src/summary/article.ts';
import { cleanExcerpt } from '../../src/summary/clean-excerpt.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { article, seed000, seed004 } from './articles.ts';
import { viCorpus, viPresent } from '../support/paths.ts';

const folded = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ');

const NEWS = [
  'Alibaba Cloud overtook IBM as the fourth largest cloud provider in the first quarter.',
  'The company now serves European customers such as SAP, Philips and Nestle.',
  'Alibaba Cloud also helps Chinese companies expand abroad.',
  'Analysts expect the cloud unit to turn a profit next year.',
  'The weather in Hangzhou was mild on the day of the announcement.',
  'Alibaba Cloud revenue grew sixty percent from a year earlier.',
].join(' ');

describe('summarizeArticle', () => {
  it("gives seed 000 (front matter, no body) its excerpt, cleaned", async () => {
    const seed = await seed000();
    const summary = summarizeArticle(seed);
    expect(summary.summary).toBe(cleanExcerpt(seed.excerpt, 'en'));
    expect(summary.summary).toMatch(/^Alibaba Cloud customers are moving/);
  });

  it('gives seed 004 Vietnamese sentences taken from its body', async () => {
    const seed = await seed004();
    const summary = summarizeArticle(seed);
    expect(summary.language).toBe('vi');
    expect(summary.sentences.length).toBeGreaterThanOrEqual(2);
    expect(summary.sentences.length).toBeLessThanOrEqual(4);
    for (const sentence of summary.sentences) expect(folded(seed.body)).toContain(sentence);
    expect(summary.summary).toMatch(/[ăâđêôơư]/);
  });

  it('is deterministic', async () => {
    const seed = await seed004();
    expect(summarizeArticle(seed)).toEqual(summarizeArticle({ ...seed }));
  });

  it('picks the asked number of sentences, in their original order, preferring ones about the headline', () => {
    const news = article({ title: 'Alibaba Cloud overtakes IBM', body: NEWS });
    const two = summarizeArticle(news, { sentences: 2 }).sentences;
    expect(two).toHaveLength(2);
    expect(two[0]).toMatch(/^Alibaba Cloud overtook IBM/);
    const positions = summarizeArticle(news, { sentences: 4 }).sentences.map((s) => NEWS.indexOf(s));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(summarizeArticle(news).sentences.join(' ')).not.toContain('weather');
  });

  it('does not repeat a story the body tells twice', () => {
    const lead = 'Alibaba Cloud overtook IBM as the fourth largest cloud provider in the quarter.';
    const body = [lead, lead, 'Its customers include SAP and Philips in Europe.', 'Revenue grew sixty percent.'].join('\n');
    const { sentences } = summarizeArticle(article({ title: 'Alibaba Cloud overtakes IBM', body }));
    expect(sentences.filter((s) => s === lead)).toHaveLength(1);
  });

  it('answers hard input without throwing', () => {
    expect(summarizeArticle(article()).summary).toBe('');
    expect(summarizeArticle(article({ body: 'Only one sentence here.' })).sentences).toEqual(['Only one sentence here.']);
    const noPunctuation = summarizeArticle(article({ body: 'word '.repeat(5000), language: 'vi' }));
    expect(noPunctuation.sentences.length).toBeGreaterThan(0);
    const mixed = summarizeArticle(article({ language: 'und', body: 'Giá vàng tăng mạnh hôm nay. Gold prices rose sharply today. Nhà đầu tư lo ngại.' }));
    expect(mixed.sentences.length).toBeGreaterThan(0);
  });

  it('keeps list items and URLs intact', () => {
    const body = 'Release notes:\n- Builds are 40% faster on large projects\n- Docs moved to https://example.com/docs?v=2 today\n- Logs are smaller';
    const { sentences } = summarizeArticle(article({ title: 'Docs moved', body }));
    expect(sentences).toContain('Docs moved to https://example.com/docs?v=2 today');
  });

  it('fits an embed description, even from a 1 MB body', () => {
    const huge = summarizeArticle(article({ body: `${'A long sentence about the cloud market and its many players. '.repeat(17_000)}` }));
    expect(huge.summary.length).toBeLessThanOrEqual(4096);
    expect(huge.sentences.length).toBeGreaterThan(0);
    const giantSentences = summarizeArticle(article({ body: 'y'.repeat(1_000_000) }), { maxChars: 200 });
    expect(giantSentences.summary.length).toBeLessThanOrEqual(200);
  });

  it.skipIf(!viPresent)('summarizes every article of the shared Vietnamese corpus with its own sentences (skipped: ../shared/corpus/vi absent)', async () => {
    const { articles } = await loadCorpus([viCorpus]);
    expect(articles.length).toBeGreaterThan(1000);
    for (const vietnamese of articles) {
      const { summary, sentences } = summarizeArticle(vietnamese);
      expect(summary.length).toBeLessThanOrEqual(4096);
      if (vietnamese.body.trim()) expect(sentences.length).toBeGreaterThan(0);
      for (const sentence of sentences) expect(folded(vietnamese.body)).toContain(sentence);
    }
  });
});
