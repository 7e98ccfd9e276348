import { describe, expect, it } from 'vitest';
import { cleanFields, cleanLine, cleanText, decodeEntities } from '../../src/text/clean-html.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { corpusDir, frontMatter } from '../corpus/helpers.ts';
import { enCorpus, enPresent } from '../support/paths.ts';

describe('decodeEntities', () => {
  it('decodes numeric and named entities, also double-escaped ones, and leaves the rest as written', () => {
    expect(decodeEntities('we&#8217;re &amp; you&#x2019;re &hellip; &bogus; &#038;')).toBe('we’re & you’re … &bogus; &');
    expect(decodeEntities('Customer &amp;amp; Partner Success team … we&amp;#8217;ve')).toBe('Customer & Partner Success team … we’ve');
    // Strict: a bare ampersand or a name without its semicolon is text.
    expect(decodeEntities('AT&T, R&D and &copy 2020')).toBe('AT&T, R&D and &copy 2020');
  });
});

describe('cleanLine and cleanText', () => {
  it('strips tags (also escaped ones) and folds whitespace in a title', () => {
    expect(cleanLine('  <b>Power&nbsp;Apps</b>\n  &lt;em&gt;ships&lt;/em&gt;   today ')).toBe('Power Apps ships today');
    expect(cleanLine('a < b and c > d')).toBe('a < b and c > d');
  });

  it('drops what a reader never sees: scripts, styles and embedded players, with their content', () => {
    const html = '<p>Lead.</p><script>track("x")</script><style>p{color:red}</style><iframe src="v">player</iframe><p>More.</p>';
    expect(cleanText(html)).toBe('Lead.\n\nMore.');
  });

  it('keeps paragraphs in running text, one blank line at most, and turns block tags into breaks', () => {
    expect(cleanText('<p>First   para.</p><p>Second&#8230;</p>\n\n\n\nThird <!-- hidden --> one.')).toBe('First para.\n\nSecond…\n\nThird one.');
    expect(cleanText('Already clean.\n\nTwo paragraphs.')).toBe('Already clean.\n\nTwo paragraphs.');
  });

  it('folds every kind of whitespace run: within a line one space, across lines one break or one blank line', () => {
    // Tabs, CRLF, no-break and ideographic spaces, U+2028 (a space here: only \n breaks); runs at either end go.
    expect(cleanText('  a \t b\r\n \r\n\r\n c\u00a0\u00a0d \n e\t\n')).toBe('a b\n\nc d\ne');
    expect(cleanText('one\u3000\u3000two  \u2028 three\r\n\r\nfour')).toBe('one two three\n\nfour');
    expect(cleanText(' \n\t \n ')).toBe('');
  });

  it('cleans an article’s three text fields and nothing else', () => {
    const fields = { title: 'A &amp; B', excerpt: '<p>Lead</p>', body: 'x  y', url: 'https://e.com/?a=1&amp;b=2' };
    expect(cleanFields(fields)).toEqual({ title: 'A & B', excerpt: 'Lead', body: 'x y', url: 'https://e.com/?a=1&amp;b=2' });
  });
});

describe('clean text at load time', () => {
  it('gives clean titles, excerpts and bodies to front-matter and plain-text articles, with ids from the text as written', async () => {
    const dir = corpusDir({
      'a.md': frontMatter('title: "Q&amp;A: what&#8217;s new"\nexcerpt: "Customer &amp;amp; Partner <b>team</b>"\nheat: 5', '<p>Body &amp; more</p>'),
      'b.txt': 'Tin &quot;nóng&quot; h&ocirc;m nay\nMột dòng dẫn.\nThân bài &amp; chi tiết.',
    });
    const { articles } = await loadCorpus([dir]);
    const [a, b] = [articles.find((x) => x.source.endsWith('a.md'))!, articles.find((x) => x.source.endsWith('b.txt'))!];
    expect([a.title, a.excerpt, a.body]).toEqual(['Q&A: what’s new', 'Customer & Partner team', 'Body & more']);
    expect(b.title).toBe('Tin "nóng" hôm nay');
    expect(b.body).toContain('Thân bài & chi tiết.');
  });

  it.skipIf(!enPresent)('leaves no entity in any article of the shared English corpus', async () => {
    const { articles } = await loadCorpus([enCorpus]);
    expect(articles.length).toBeGreaterThan(100);
    const dirty = articles.filter((a) => /&amp;|&#\d|&#x/i.test(`${a.title} ${a.excerpt} ${a.body}`)).map((a) => a.source);
    expect(dirty).toEqual([]);
    const learning = articles.find((a) => a.title === 'Microsoft Power Platform: Learning Resources');
    expect(learning?.excerpt).toContain('Customer & Partner Success team');
    expect(learning?.excerpt).toContain('we’ve curated');
  });
});
