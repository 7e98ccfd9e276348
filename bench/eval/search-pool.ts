// Blind pooling for search judgments. For each query of a split, the top POOL_DEPTH of every pooled system are
// merged: the bot, the BM25 baseline, a loose fuzzy/prefix MiniSearch, and two accent-exact ones (the same BM25
// over unfolded words, the query's phrases verbatim) so what an accent-aware ranker will surface gets judged even
// where folding buries it under false friends. Already-judged documents are dropped, the rest shuffled (seeded by
// the query id) and written to a scratch file that does not say which system found what; grades written beside
// it are then merged back.
//
//   node bin/run-ts.js bench/eval/search-pool.ts pool dev /tmp/pool-dev     → /tmp/pool-dev.txt (+ .json key map)
//   (grade: /tmp/pool-dev.grades, one line per query: "d01 3 0 1 …", one grade per listed document, in order)
//   node bin/run-ts.js bench/eval/search-pool.ts apply dev /tmp/pool-dev    → grades merged into eval/search/dev.jsonl
import { readFileSync, writeFileSync } from 'node:fs';
import type { Article } from '../../src/types.ts';
import { random } from '../random.ts';
import { loadEvalCorpus } from './search-corpus.ts';
import { MiniSearchBaseline } from './minisearch-baseline.ts';
import { readJudgments, splitPath, SPLITS, writeJudgments, type Split } from './search-judgments.ts';

const POOL_DEPTH = 15;
const EXCERPT_CHARS = 260;
const BODY_CHARS = 200;

async function pool(split: Split, out: string): Promise<void> {
  const corpus = await loadEvalCorpus();
  if ('missing' in corpus) throw new Error(`search-pool: ${corpus.missing}`);
  const baseline = new MiniSearchBaseline(corpus.articles);
  const accented = new MiniSearchBaseline(corpus.articles, accentedTerms);
  const phraseTexts = corpus.articles.map(toPhraseText);
  const systems: ((query: string) => Article[])[] = [
    (query) => corpus.bot.search(query, { limit: POOL_DEPTH }),
    (query) => baseline.search(query, POOL_DEPTH),
    (query) => baseline.poolSearch(query, POOL_DEPTH),
    (query) => accented.search(query, POOL_DEPTH),
    (query) => phraseSearch(phraseTexts, query, POOL_DEPTH),
  ];
  const text: string[] = [];
  const keys: Record<string, string[]> = {};
  for (const entry of readJudgments(splitPath(split))) {
    const found = new Set(systems.flatMap((system) => system(entry.query)).map(corpus.keyOf));
    const fresh = shuffle([...found].filter((key) => !(key in entry.judgments)).sort(), random(seedOf(entry.id)));
    keys[entry.id] = fresh;
    text.push(`\n######## ${entry.id} [${entry.language}] QUERY: ${entry.query}   (${fresh.length} to grade)`);
    fresh.forEach((key, i) => text.push(describe(i + 1, corpus.byKey.get(key)!)));
  }
  writeFileSync(`${out}.txt`, text.join('\n') + '\n');
  writeFileSync(`${out}.json`, JSON.stringify(keys));
  console.log(`search-pool: ${Object.keys(keys).length} queries, ${Object.values(keys).flat().length} documents to grade → ${out}.txt`);
}

function apply(split: Split, out: string): void {
  const keys = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as Record<string, string[]>;
  const grades = new Map<string, number[]>();
  readFileSync(`${out}.grades`, 'utf8').split('\n').forEach((line, i) => {
    const [id, ...values] = line.trim().split(/\s+/);
    if (!id) return;
    const expected = keys[id];
    if (!expected) throw new Error(`${out}.grades:${i + 1}: unknown query ${id}`);
    const numbers = values.map(Number);
    if (numbers.length !== expected.length || numbers.some((grade) => ![0, 1, 2, 3].includes(grade))) {
      throw new Error(`${out}.grades:${i + 1}: ${id} needs ${expected.length} grades 0..3, got ${values.length}`);
    }
    grades.set(id, numbers);
  });
  const path = splitPath(split);
  const queries = readJudgments(path).map((entry) => {
    const given = grades.get(entry.id);
    if (!given) return entry;
    const judgments = { ...entry.judgments };
    keys[entry.id]!.forEach((key, i) => (judgments[key] = given[i]!));
    return { ...entry, judgments };
  });
  writeJudgments(path, queries);
  console.log(`search-pool: grades of ${grades.size} queries merged into ${path}`);
}

/**
 * Pool-only: articles holding the query, or any run of two or more of its words, verbatim (case-insensitive,
 * accents kept); longer runs and title hits weigh more. Finds "trí tuệ nhân tạo" articles for "học sâu trí tuệ
 * nhân tạo" that an all-words match misses.
 */
function phraseSearch(texts: readonly PhraseText[], query: string, limit: number): Article[] {
  const words = accentedTerms(query);
  const phrases: string[] = [];
  for (let start = 0; start < words.length; start++) {
    for (let end = start + 2; end <= words.length; end++) phrases.push(words.slice(start, end).join(' '));
  }
  if (phrases.length === 0) phrases.push(...words);
  const count = (text: string, phrase: string): number => text.split(` ${phrase} `).length - 1;
  return texts
    .map(({ article, title, excerpt, body }) => ({
      article,
      score: phrases.reduce((sum, phrase) => sum + phrase.split(' ').length * (3 * count(title, phrase) + 2 * count(excerpt, phrase) + count(body, phrase)), 0),
    }))
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((hit) => hit.article);
}

/** An article's fields as space-delimited accented words, computed once for every query. */
interface PhraseText {
  article: Article;
  title: string;
  excerpt: string;
  body: string;
}

function toPhraseText(article: Article): PhraseText {
  const words = (text: string) => ` ${accentedTerms(text).join(' ')} `;
  return { article, title: words(article.title), excerpt: words(article.excerpt), body: words(article.body) };
}

/** Lowercased words with their accents: letters (and the marks on them) and digits. */
const accentedTerms = (text: string): string[] => normalize(text).match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];

const normalize = (text: string): string => text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ');

function describe(n: number, article: Article): string {
  const excerpt = clip(article.excerpt, EXCERPT_CHARS);
  const rest = article.body.startsWith(article.excerpt) ? article.body.slice(article.excerpt.length) : article.body;
  return `[${n}] ${article.title}\n    ${excerpt}${rest.trim() ? `\n    … ${clip(rest, BODY_CHARS)}` : ''}`;
}

const clip = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

function seedOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const [command, split, out] = process.argv.slice(2);
if (!SPLITS.includes(split as Split) || !out || (command !== 'pool' && command !== 'apply')) {
  console.error(`usage: search-pool.ts pool|apply ${SPLITS.join('|')} OUT (scratch path, outside the repository)`);
  process.exit(2);
}
if (command === 'pool') await pool(split as Split, out);
else apply(split as Split, out);
