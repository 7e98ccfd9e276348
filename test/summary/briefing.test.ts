import { describe, expect, it } from 'vitest';
import { briefTopic, renderBriefing } from '../../src/summary/briefing.ts';
import { groupNearDuplicates } from '../../src/index/stories.ts';
import type { Article } from '../../src/types.ts';
import { article } from './articles.ts';

const story = (id: string, title: string, excerpt: string, fields: Partial<Article> = {}) =>
  article({ id, title, excerpt, url: `https://news.example/${id}`, topics: ['Cloud'], ...fields });

const alibabaZdnet = story('z1', 'Alibaba Cloud nears profitability as customers move into AI workloads',
  'Alibaba Cloud customers are moving into more demanding AI and analytics workloads, driving its results.');
const alibabaReuters = story('r1', 'Alibaba Cloud nears profitability as customers move to AI',
  'Customers of Alibaba Cloud are moving into demanding AI and analytics workloads, driving results.');
const azure = story('m1', 'Microsoft Azure adds new GPU regions in Europe',
  'Azure opens GPU capacity in three European regions for training large models.');
const aws = story('a1', 'AWS cuts prices of S3 storage classes',
  'Amazon Web Services lowered the price of infrequent-access storage by a fifth.');
const vietnamese = story('v1', 'Alibaba vượt mặt IBM trong mảng điện toán đám mây',
  'Alibaba đã vượt mặt IBM để trở thành nhà cung cấp điện toán đám mây lớn thứ tư thế giới.', { language: 'vi' });

describe('groupNearDuplicates', () => {
  it('puts the same story from two providers together and keeps other stories apart', () => {
    const groups = groupNearDuplicates([alibabaZdnet, azure, alibabaReuters, aws]);
    expect(groups.map((g) => g.map((a) => a.id))).toEqual([['z1', 'r1'], ['m1'], ['a1']]);
  });
});

describe('briefTopic', () => {
  it('tells a story once, citing every provider, with numbered links', () => {
    const briefing = briefTopic('Cloud', [alibabaZdnet, azure, alibabaReuters, aws]);
    expect(briefing.bullets).toHaveLength(3);
    expect(briefing.bullets[0]!.sources).toEqual(['z1', 'r1']);
    expect(briefing.bullets[0]!.text).toMatch(/^Alibaba Cloud nears profitability/);
    expect(briefing.bullets.flatMap((b) => b.citations)).toEqual([1, 2, 3, 4]);
    const text = renderBriefing(briefing);
    expect(text).toContain('[1](https://news.example/z1) [2](https://news.example/r1)');
    expect(text).not.toContain('Languages');
  });

  it('says which article is in which language when the topic is mixed', () => {
    const briefing = briefTopic('Cloud', [vietnamese, azure, aws]);
    expect(briefing.languages).toEqual({ vi: ['v1'], en: ['m1', 'a1'] });
    expect(briefing.bullets[0]!.language).toBe('vi');
    expect(renderBriefing(briefing)).toContain('Languages — vi: [1] · en: [2] [3]');
  });

  it('keeps at most six bullets and reads only the top `limit` articles', () => {
    const many = Array.from({ length: 20 }, (_, i) =>
      story(`s${i}`, `Story ${i}: ${['GPU', 'storage', 'network', 'billing', 'database', 'region', 'security', 'AI'][i % 8]} ${i * 7919}`, `Unrelated detail number ${i * 104729} about item ${i}.`));
    expect(briefTopic('Cloud', many, { limit: 20 }).bullets.length).toBeLessThanOrEqual(6);
    const two = briefTopic('Cloud', many, { limit: 2 });
    expect(two.bullets.flatMap((b) => b.sources)).toEqual(['s0', 's1']);
  });

  it('fits 4,000 characters however long the articles and URLs are', () => {
    const long = Array.from({ length: 50 }, (_, i) =>
      story(`l${i}`, `Headline ${i} ${'about a very long subject '.repeat(10)}`, `${`Sentence ${i} ${'with many words '.repeat(40)}. `.repeat(5)}`,
        { url: `https://news.example/${i}/${'path/'.repeat(60)}` }));
    const briefing = briefTopic('Cloud', long, { limit: 50 });
    expect(renderBriefing(briefing).length).toBeLessThanOrEqual(4000);
    expect(briefing.bullets.length).toBeGreaterThanOrEqual(1);
  });

  it('is empty but well-formed for a topic without articles', () => {
    const briefing = briefTopic('Nothing', []);
    expect(briefing).toMatchObject({ topic: 'Nothing', bullets: [], languages: {} });
    expect(renderBriefing(briefing)).toContain('Nothing');
  });
});
