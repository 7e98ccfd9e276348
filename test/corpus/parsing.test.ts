import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { parseSimpleYaml } from '../../src/corpus/simple-yaml.ts';
import { splitFrontMatter } from '../../src/corpus/front-matter.ts';
import { splitTitle } from '../../src/corpus/plain-text.ts';
import { canonicalUrl } from '../../src/corpus/url.ts';
import { dateFromFileName } from '../../src/corpus/published-at.ts';
import { fold, foldKey } from '../../src/text/fold.ts';
import { detectLanguage } from '../../src/text/language.ts';
import { seedsDir, sharedCorpus, sharedPresent } from './helpers.ts';

function frontMatterFiles(): string[] {
  const dirs = [seedsDir, ...(sharedPresent ? [join(sharedCorpus, 'en')] : [])];
  return dirs.flatMap((dir) => readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8').replace(/\r\n/g, '\n')));
}

describe('the fast YAML path', () => {
  it('reads every seed and shared front matter exactly as gray-matter does', () => {
    let compared = 0;
    for (const text of frontMatterFiles()) {
      const split = splitFrontMatter(text);
      if (split.kind !== 'front-matter') continue;
      const fast = parseSimpleYaml(split.yaml);
      expect(fast, split.yaml.slice(0, 80)).toBeDefined();
      expect(fast).toEqual(matter(text, {}).data);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('declines what it does not understand, so the full parser gets it', () => {
    expect(parseSimpleYaml('tags: [a, b]')).toBeUndefined();
    expect(parseSimpleYaml('text: |\n  block')).toBeUndefined();
    expect(parseSimpleYaml('answer: yes')).toBeUndefined();
    expect(parseSimpleYaml('a: 1\n   b: 2')).toBeUndefined();
  });
});

describe('plain-text titles', () => {
  it('end where a title that ran into the body meets a capitalised sentence opener', () => {
    const line = `Giá vàng hôm nay tăng mạnh sau nhiều ngày giảm liên tiếp trên thị trường Về phía ngân hàng, ${'các chuyên gia cho rằng giá sẽ còn biến động. '.repeat(5)}`;
    expect(splitTitle(line, 'vi').title).toBe('Giá vàng hôm nay tăng mạnh sau nhiều ngày giảm liên tiếp trên thị trường');
    const english = `Cloud spending rises again this quarter across every region The ${'analysts said the market would keep growing. '.repeat(5)}`;
    expect(splitTitle(english, 'en').title).toBe('Cloud spending rises again this quarter across every region');
  });

  it('keep a short first line whole', () => {
    expect(splitTitle('Thủ tướng kết thúc chuyến thăm Hà Lan', 'vi')).toEqual({ title: 'Thủ tướng kết thúc chuyến thăm Hà Lan', remainder: '' });
  });
});

describe('text helpers', () => {
  it('fold diacritics, đ and case', () => {
    expect(fold('Điện TOÁN đám mây')).toBe('dien toan dam may');
    expect(foldKey('Artificial-Intelligence')).toBe(foldKey('artificial intelligence'));
  });

  it('detect Vietnamese and English, and not Vietnamese for an English text naming Việt Nam', () => {
    expect(detectLanguage('Alibaba đã vượt mặt IBM trong mảng điện toán đám mây')).toBe('vi');
    expect(detectLanguage('Alibaba Cloud nears profitability as customers move into AI and data analytics workloads')).toBe('en');
    expect(detectLanguage('The company opened a new office in Việt Nam last year, hiring engineers for its cloud business.')).toBe('en');
  });

  it('detect Vietnamese written without its marks as Vietnamese, and English prose by its function words', () => {
    expect(detectLanguage('Gia vang hom nay tang manh, nguoi dan do xo di mua vang tai cac cua hang o Ha Noi')).toBe('vi');
    expect(detectLanguage('The index of prices for gold was up this week, and traders said that it has been the best month for years.')).toBe('en');
    expect(detectLanguage('Microsoft Power Apps portals')).toBe('en');
  });

  it('canonicalize URLs: tracking parameters, host case and fragments removed', () => {
    expect(canonicalUrl('HTTPS://News.Example.COM/a?ref=tw&b=2&utm_campaign=x#c')).toBe('https://news.example.com/a?b=2');
    expect(canonicalUrl('javascript:alert(1)')).toBeUndefined();
  });

  it('date a file by its name only when the date is real', () => {
    expect(dateFromFileName('/x/2019-08-19-power-apps.md')).toBe('2019-08-19T00:00:00.000Z');
    expect(dateFromFileName('/x/2019-02-31-nope.md')).toBeNull();
    expect(dateFromFileName('/x/21463600.txt')).toBeNull();
  });
});
