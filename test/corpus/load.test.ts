import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadCorpus } from '../../src/corpus/load.ts';
import { CorpusDirectoryError } from '../../src/corpus/files.ts';
import { corpusDir, frontMatter, seedsDir, sharedCorpus, sharedPresent } from './helpers.ts';

describe('loading the seeds', () => {
  it('reads seed 000 (a .txt with front matter) with its title, heat and provider', async () => {
    const { articles } = await loadCorpus([seedsDir]);
    const seed = articles.find((a) => a.source.endsWith('000_988ac42cf7cb2b06.txt'));
    expect(seed).toMatchObject({
      title: 'Alibaba Cloud nears profitability as customers move from IaaS into AI, data analytics workloads',
      heat: 79,
      quality: 79,
      provider: { name: 'ZDNet', domain: 'zdnet.com' },
      language: 'en',
      type: 'article',
      publishedAt: '2020-10-01T21:00:00.000Z',
    });
    expect(seed?.topics).toContain('AI');
    expect(seed?.image).toMatch(/^https:\/\/zdnet4\.cbsistatic\.com\//);
  });

  it('reads seed 004 (plain text, title run into the body) as Vietnamese under a cloud topic', async () => {
    const { articles } = await loadCorpus([seedsDir]);
    const seed = articles.find((a) => a.source.endsWith('004_062e452dc1363ed6.txt'));
    expect(seed?.title).toBe('Alibaba đã vượt mặt IBM trong mảng điện toán đám mây, và hiện đang chiếm được nhiều hợp đồng từ khách hàng châu Âu và Mỹ');
    expect(seed?.language).toBe('vi');
    expect(seed?.topics).toContain('Cloud Computing');
    expect(seed?.body.startsWith('Về mảng điện toán đám mây')).toBe(true);
    expect(seed?.publishedAt).toBeNull();
    expect(seed?.url).toBeNull();
  });
});

describe('ids', () => {
  it('keep an article id across renames, edits and tracking parameters when the URL is the same', async () => {
    const a = corpusDir({ 'a.md': frontMatter('title: One\nheat: 5\noriginalUrl: "https://Example.com/story?utm_source=x&id=3#top"') });
    const b = corpusDir({ 'renamed.md': frontMatter('title: One, edited\nheat: 9\noriginalUrl: "https://example.com/story?id=3&fbclid=abc"') });
    const [first, second] = await Promise.all([loadCorpus([a]), loadCorpus([b])]);
    expect(first.articles[0]!.id).toBe(second.articles[0]!.id);
    expect(first.articles[0]!.url).toBe('https://example.com/story?id=3');
  });

  it('use a content hash without a URL: same text same id, other text other id', async () => {
    const dir = corpusDir({ 'x.txt': 'Title here\nBody text.', 'y.txt': 'Title here\nOther body text.' });
    const again = corpusDir({ 'z.txt': 'Title here\nBody text.' });
    const [{ articles }, { articles: copy }] = await Promise.all([loadCorpus([dir]), loadCorpus([again])]);
    expect(new Set(articles.map((a) => a.id)).size).toBe(2);
    expect(articles.map((a) => a.id)).toContain(copy[0]!.id);
  });
});

describe('duplicates', () => {
  it('merge articles with one canonical URL: highest heat, union of topics and their scores, counted', async () => {
    const dir = corpusDir({
      'a.md': frontMatter('title: Story\nheat: 10\ntopics:\n  - AI\noriginalUrl: https://example.com/s'),
      'b.md': frontMatter('title: Story again\nheat: 40\ntopics:\n  - Cloud\noriginalUrl: "https://example.com/s?utm_medium=mail"'),
    });
    const load = await loadCorpus([dir]);
    expect(load.articles).toHaveLength(1);
    expect(load.duplicates).toBe(1);
    expect(load.articles[0]!.heat).toBe(40);
    expect(load.articles[0]!.topics.sort()).toEqual(['AI', 'Cloud Computing']);
    expect(load.articles[0]!.topicScores).toEqual({ AI: 1, 'Cloud Computing': 1 });
  });
});

describe('bad input', () => {
  const good = frontMatter('title: Fine\nheat: 3');
  const files: Record<string, string | Uint8Array> = {
    'good.md': good,
    'nested/deeper/also-good.markdown': frontMatter('title: Deep\nheat: 4'),
    'noext': 'A plain title\nAnd a plain body about nothing.',
    'bad-yaml.md': '---\ntitle: ok\nfoo: bar: baz\nheat: 1\n---\nbody',
    'binary.txt': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]),
    'latin1.txt': new Uint8Array([...Buffer.from('Caf'), 0xe9, ...Buffer.from(' news\nA body line.')]),
    'empty.md': '',
    'blank.md': '  \n\n ',
    'no-title.md': frontMatter('heat: 5'),
    'wrong-types.md': frontMatter('title: Typed\nheat: "high"\nquality: [1]\npublishedDateTime: not a date\ntopics: 5', 'Body words about cloud computing and data centers.'),
    'unclosed.md': '---\ntitle: never closed\nheat: 5\n',
    'bom-crlf.md': `\ufeff---\r\ntitle: "With BOM"\r\nheat: 12\r\n---\r\nBody\r\n`,
    'big.txt': `Big title\n${'x'.repeat(2048)}`,
    'ignored.json': '{"title": "not an article file"}',
    '.hidden.md': good,
  };

  it('never stops a load: every article file is loaded or skipped with a reason', async () => {
    const load = await loadCorpus([corpusDir(files)], { maxFileBytes: 1024 });
    const skippedReason = (name: string): string | undefined => load.skipped.find((s) => s.path.endsWith(name))?.reason;
    expect(load.files).toBe(13);
    expect(load.articles.length + load.skipped.length).toBe(load.files);
    expect(skippedReason('bad-yaml.md')).toMatch(/invalid YAML.*line 3/);
    expect(skippedReason('binary.txt')).toMatch(/binary/);
    expect(skippedReason('empty.md')).toMatch(/empty/);
    expect(skippedReason('blank.md')).toMatch(/empty/);
    expect(skippedReason('no-title.md')).toMatch(/no title/);
    expect(skippedReason('unclosed.md')).toMatch(/never closed/);
    expect(skippedReason('big.txt')).toMatch(/oversize.*limit 1024/);
    const titles = load.articles.map((a) => a.title).sort();
    expect(titles).toEqual(['A plain title', 'Café news'.replace('é', '\ufffd'), 'Deep', 'Fine', 'Typed', 'With BOM'].sort());
  });

  it('drops wrong field types with warnings that name the field and line, deriving what is needed', async () => {
    const load = await loadCorpus([corpusDir(files)], { maxFileBytes: 1024 });
    const typed = load.articles.find((a) => a.title === 'Typed')!;
    expect(typed.heat).toBeGreaterThan(0);
    expect(typed.quality).toBeNull();
    expect(typed.publishedAt).toBeNull();
    expect(typed.topics).toContain('Cloud Computing');
    const warnings = load.warnings.filter((w) => w.path.endsWith('wrong-types.md'));
    expect(warnings.find((w) => w.message.startsWith('heat:'))).toMatchObject({ line: 3 });
    expect(warnings.map((w) => w.message.split(':')[0]).sort()).toEqual(['heat', 'publishedDateTime', 'quality', 'topics']);
    expect(load.warnings.some((w) => w.path.endsWith('latin1.txt') && /UTF-8/.test(w.message))).toBe(true);
  });

  it('loads the same when files are read on a helper thread', async () => {
    const dir = corpusDir(files);
    const [here, helper] = await Promise.all([
      loadCorpus([dir], { maxFileBytes: 1024, readAhead: false }),
      loadCorpus([dir], { maxFileBytes: 1024, readAhead: true }),
    ]);
    expect(helper).toEqual(here);
    expect(helper.skipped.length).toBeGreaterThan(5);
    // An empty folder on the helper thread too: loaded, not waited for forever.
    expect((await loadCorpus([corpusDir({})], { readAhead: true })).articles).toEqual([]);
  });

  it('reads BOM and CRLF front matter like any other', async () => {
    const load = await loadCorpus([corpusDir(files)], { maxFileBytes: 1024 });
    expect(load.articles.find((a) => a.title === 'With BOM')).toMatchObject({ heat: 12, body: 'Body' });
  });

  it('composes decomposed accents, so such text reads and matches like any other', async () => {
    const decomposed = 'Đie\u0302\u0323n toa\u0301n đa\u0301m ma\u0302y đang tăng trưởng\nMột bài viết về điện toán đám mây và trung tâm dữ liệu.';
    const { articles } = await loadCorpus([corpusDir({ 'nfd.txt': decomposed })]);
    expect(articles[0]).toMatchObject({ title: 'Điện toán đám mây đang tăng trưởng', language: 'vi' });
    expect(articles[0]!.topics).toContain('Cloud Computing');
  });

  it('lets other work run while it loads', async () => {
    const dir = corpusDir(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`a${i}.txt`, `Title ${i}\nBody ${i}.`])));
    let turns = 0;
    const tick = (): void => {
      turns += 1;
      if (!done) setImmediate(tick);
    };
    let done = false;
    setImmediate(tick);
    const load = await loadCorpus([dir], { sliceMs: 0, readAhead: false });
    done = true;
    expect(load.articles).toHaveLength(50);
    expect(turns).toBeGreaterThan(10);
  });

  it('reports a missing directory as such', async () => {
    await expect(loadCorpus([join(corpusDir({}), 'missing')])).rejects.toThrow(CorpusDirectoryError);
  });
});

describe.skipIf(!sharedPresent)('the shared corpora (../shared/corpus)', () => {
  it('loads all 192 English front-matter files as English, with their topics', async () => {
    const load = await loadCorpus([join(sharedCorpus, 'en')]);
    expect(load.files).toBe(192);
    expect(load.skipped).toEqual([]);
    expect(load.articles.length + load.duplicates).toBe(192);
    expect(load.articles.every((a) => a.language === 'en')).toBe(true);
    expect(load.articles.every((a) => a.url !== null && a.topics.length > 0)).toBe(true);
  });

  it('loads all 1,772 Vietnamese plain-text files as Vietnamese, title from line 1', async () => {
    const dir = join(sharedCorpus, 'vi');
    const load = await loadCorpus([dir]);
    expect(load.files).toBe(1772);
    expect(load.skipped).toEqual([]);
    expect(load.articles.every((a) => a.language === 'vi')).toBe(true);
    const sample = load.articles.find((a) => a.source.endsWith('21463600.txt'))!;
    expect(sample.title).toBe(readFileSync(join(dir, '21463600.txt'), 'utf8').split('\n')[0]!.trim());
    expect(load.articles.filter((a) => a.topics.length > 0).length).toBeGreaterThan(1772 / 2);
  });
});
if (!sharedPresent) console.warn(`skipping shared-corpus tests: ${sharedCorpus} is not present`);
