// A seeded generator of corpus files with a realistic vocabulary, for benchmarks. Half the articles are
// English, half Vietnamese; English ones are mostly Markdown with front matter (the seeds' fields), Vietnamese
// ones mostly plain text (title line, lead line, paragraphs), and one in eight of each takes the other shape.
// Words are drawn from Zipf-distributed vocabularies (vocabulary.ts, 250k words), with a handful of theme
// words per article used more often (words cluster by article in real text) and a topic phrase from the
// taxonomy's keywords. Bodies run to hundreds of words (log-normal, median ~300). Same seed, same files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { random } from './random.ts';
import { Vocabulary, type Language } from './vocabulary.ts';


/** Topic names with a keyword of theirs per language (from taxonomy/topics.yaml), so plain text gets topics. */
const TOPICS: { name: string; en: string; vi: string }[] = [
  { name: 'AI', en: 'artificial intelligence', vi: 'trí tuệ nhân tạo' },
  { name: 'Cloud Computing', en: 'cloud computing', vi: 'điện toán đám mây' },
  { name: 'Cybersecurity', en: 'ransomware', vi: 'an ninh mạng' },
  { name: 'Technology', en: 'software', vi: 'công nghệ' },
  { name: 'Smartphones', en: 'smartphone', vi: 'điện thoại' },
  { name: 'Business', en: 'revenue', vi: 'doanh nghiệp' },
  { name: 'Finance', en: 'stock market', vi: 'chứng khoán' },
  { name: 'Real Estate', en: 'real estate', vi: 'bất động sản' },
  { name: 'Politics', en: 'prime minister', vi: 'chính trị' },
];

const MEDIAN_BODY_WORDS = 300;
const THEME_WORDS = 8;
const THEME_SHARE = 0.1;

export interface GeneratedFile {
  /** Relative path: a folder per 1,000 files. */
  path: string;
  text: string;
}

/** Generates article files one after another; the n-th file depends only on the seed. */
export class CorpusGenerator {
  private readonly rand: () => number;
  private readonly vocabularies: Record<Language, Vocabulary>;
  private readonly used: Record<Language, Uint8Array>;
  private count = 0;

  constructor(seed = 42) {
    this.rand = random(seed);
    this.vocabularies = { en: new Vocabulary('en', seed + 1), vi: new Vocabulary('vi', seed + 2) };
    this.used = { en: new Uint8Array(this.vocabularies.en.words.length), vi: new Uint8Array(this.vocabularies.vi.words.length) };
  }

  /** Vocabulary entries used so far, both languages (a Vietnamese entry is a word of one or two syllables). */
  distinctWords(): number {
    let total = 0;
    for (const used of Object.values(this.used)) for (const flag of used) total += flag;
    return total;
  }

  next(): GeneratedFile {
    const n = this.count++;
    const language: Language = n % 2 === 0 ? 'en' : 'vi';
    const swapShape = Math.floor(n / 2) % 8 === 7;
    const frontMatter = (language === 'en') !== swapShape;
    const article = this.article(language);
    const folder = String(Math.floor(n / 1000)).padStart(3, '0');
    return frontMatter
      ? { path: join(folder, `${n}.md`), text: this.frontMatterFile(n, article) }
      : { path: join(folder, `${article.date}-${n}.txt`), text: plainFile(article, n % 4 === 1 ? '\r\n' : '\n') };
  }

  private article(language: Language): GeneratedArticle {
    const rand = this.rand;
    const vocabulary = this.vocabularies[language];
    const used = this.used[language];
    const size = vocabulary.words.length;
    // Theme words: log-uniform ranks from the mid-frequency band down the tail.
    const themes = Array.from({ length: THEME_WORDS }, () => Math.floor(Math.exp(Math.log(100) + rand() * Math.log(size / 100))));
    const topic = TOPICS[Math.floor(rand() * TOPICS.length)]!;
    const word = (): string => {
      const rank = rand() < THEME_SHARE ? themes[Math.floor(rand() * themes.length)]! : vocabulary.rank(rand);
      used[rank] = 1;
      return vocabulary.words[rank]!;
    };
    const sentence = (length: number, withTopic = false): string => {
      const words = Array.from({ length }, word);
      if (withTopic) words.splice(Math.floor(rand() * length), 0, topic[language]);
      const text = words.join(' ');
      return `${text[0]!.toUpperCase()}${text.slice(1)}`;
    };
    const title = sentence(6 + Math.floor(rand() * 9), rand() < 0.3);
    const lead = `${sentence(15 + Math.floor(rand() * 15), true)}.`;
    const target = Math.min(2500, Math.max(120, Math.round(MEDIAN_BODY_WORDS * Math.exp(0.5 * gaussian(rand)))));
    const paragraphs: string[] = [];
    for (let words = 0; words < target; ) {
      const sentences: string[] = [];
      for (let k = 2 + Math.floor(rand() * 5); k > 0 && words < target; k--) {
        const length = 8 + Math.floor(rand() * 23);
        sentences.push(`${sentence(length, rand() < 0.05)}${rand() < 0.1 ? '?' : '.'}`);
        words += length;
      }
      paragraphs.push(sentences.join(' '));
    }
    const year = 2015 + Math.floor(rand() * 11);
    const date = `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    return { language, topic: topic.name, title, lead, body: paragraphs.join('\n'), date };
  }

  private frontMatterFile(n: number, article: GeneratedArticle): string {
    const rand = this.rand;
    const slug = `${article.title.toLowerCase().split(' ').slice(0, 8).join('-').replace(/[^\p{L}\p{N}-]+/gu, '')}-${n}`;
    const heat = 10 + Math.floor(rand() * 180);
    const other = TOPICS[Math.floor(rand() * TOPICS.length)]!.name;
    const topics = [...new Set([article.topic, other])];
    const secured = Array.from({ length: 560 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[Math.floor(rand() * 64)]).join('');
    const site = `example${n % 50}.com`;
    return [
      '---',
      'category: news',
      `title: "${article.title}"`,
      `excerpt: "${article.lead}"`,
      `publishedDateTime: ${article.date}T${String(Math.floor(rand() * 24)).padStart(2, '0')}:00:00Z`,
      `originalUrl: "https://www.${site}/article/${encodeURIComponent(slug)}/"`,
      `webUrl: "https://www.${site}/article/${encodeURIComponent(slug)}/"`,
      'type: article',
      `quality: ${heat}`,
      `heat: ${heat}`,
      'published: true',
      '',
      'provider:',
      `  name: Example ${n % 50}`,
      `  domain: ${site}`,
      '',
      'topics:',
      ...topics.map((topic) => `  - ${topic}`),
      '',
      'images:',
      `  - url: "https://images.example.com/${n}.png"`,
      '    width: 1200',
      '    height: 600',
      '',
      `secured: "${secured}"`,
      '---',
      '',
      article.body,
      '',
    ].join('\n');
  }
}

interface GeneratedArticle {
  language: Language;
  topic: string;
  title: string;
  lead: string;
  body: string;
  /** YYYY-MM-DD */
  date: string;
}

function plainFile(article: GeneratedArticle, newline: string): string {
  return [article.title, article.lead, ...article.body.split('\n'), ''].join(newline);
}

/** A standard normal deviate (Box–Muller). */
function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export interface GeneratedCorpus {
  files: number;
  bytes: number;
  /** Vocabulary entries the files use (both languages). */
  distinctWords: number;
}

/** Writes `count` files under `dir` in folders of 1,000. */
export async function generateCorpus(dir: string, count: number, seed = 42): Promise<GeneratedCorpus> {
  const generator = new CorpusGenerator(seed);
  let bytes = 0;
  const folders = new Set<string>();
  for (let start = 0; start < count; start += 1000) {
    const writes: Promise<void>[] = [];
    for (let n = start; n < Math.min(count, start + 1000); n++) {
      const file = generator.next();
      const folder = join(dir, file.path, '..');
      if (!folders.has(folder)) {
        folders.add(folder);
        await mkdir(folder, { recursive: true });
      }
      bytes += Buffer.byteLength(file.text);
      writes.push(writeFile(join(dir, file.path), file.text));
    }
    await Promise.all(writes);
  }
  return { files: count, bytes, distinctWords: generator.distinctWords() };
}
