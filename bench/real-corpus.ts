// A real-text corpus of any size, assembled from ../shared/corpus/{en,vi} by repetition with variation: copy 0
// of each article is the file as it is; copy k ≥ 1 keeps the file's shape (front matter or plain text) and
// paragraph structure, but half its sentences are swapped for sentences of other articles in the same
// language and each paragraph is shuffled, one title word is swapped for a word of another title, and its
// URLs get `copy=k`, so no copy merges with another as a duplicate (the loader's duplicate count says so).
// Languages keep the shared corpus's mix. Seeded: same sources and seed, same files.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { listArticleFiles } from '../src/corpus/files.ts';
import { splitFrontMatter } from '../src/corpus/front-matter.ts';
import { loadAverage, mb, ms, timed } from './measure.ts';
import { random } from './random.ts';

export const SHARED_CORPUS = resolve(import.meta.dirname, '..', '..', 'shared', 'corpus');
const LANGUAGES = ['en', 'vi'] as const;

interface Original {
  language: string;
  name: string;
  /** The file as read (LF line ends, no BOM). */
  text: string;
  /** Front matter lines with the `---` fences, or '' for plain text (whose first line is the title). */
  head: string;
  title: string;
  paragraphs: string[][];
}

const SENTENCE_END = /(?<=[.!?…])\s+(?=["“(]?\p{Lu})/u;
const URL_LINE = /^(\s*(?:originalUrl|webUrl|url|link|canonicalUrl):\s*"?)(https?:\/\/[^"\s]+)/;
const WORD = /^\p{L}+$/u;

function readOriginal(language: string, path: string): Original {
  const text = readFileSync(path, 'utf8').replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const split = splitFrontMatter(text);
  let head = '';
  let title: string;
  let body: string;
  if (split.kind === 'front-matter') {
    head = text.slice(0, text.length - split.body.length);
    title = /^title:\s*(.*)$/m.exec(split.yaml)?.[1] ?? '';
    body = split.body;
  } else {
    const newline = text.indexOf('\n');
    title = newline === -1 ? text : text.slice(0, newline);
    body = newline === -1 ? '' : text.slice(newline + 1);
  }
  const paragraphs = body.split('\n').map((paragraph) => paragraph.split(SENTENCE_END).filter((s) => s.trim() !== ''));
  return { language, name: basename(path), text, head, title, paragraphs };
}

/** The originals, or undefined when the shared corpus is absent. */
export async function readOriginals(root = SHARED_CORPUS): Promise<Original[] | undefined> {
  if (!LANGUAGES.every((language) => existsSync(join(root, language)))) return undefined;
  const originals: Original[] = [];
  for (const language of LANGUAGES) for (const path of (await listArticleFiles([join(root, language)])).files) originals.push(readOriginal(language, path));
  return originals;
}

function withCopy(url: string, copy: number): string {
  const hashAt = url.indexOf('#');
  const base = hashAt === -1 ? url : url.slice(0, hashAt);
  return `${base}${base.includes('?') ? '&' : '?'}copy=${copy}${hashAt === -1 ? '' : url.slice(hashAt)}`;
}

export interface AssembledCorpus {
  files: number;
  bytes: number;
  originals: number;
}

/** Writes `count` files under `dir` (folders of 1,000); undefined when ../shared/corpus is absent. */
export async function assembleRealCorpus(dir: string, count: number, seed = 7, root = SHARED_CORPUS): Promise<AssembledCorpus | undefined> {
  const originals = await readOriginals(root);
  if (!originals?.length) return undefined;
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const sentences = new Map<string, string[]>();
  const titleWords = new Map<string, string[]>();
  for (const original of originals) {
    const pool = sentences.get(original.language) ?? [];
    for (const paragraph of original.paragraphs) pool.push(...paragraph);
    sentences.set(original.language, pool);
    const words = titleWords.get(original.language) ?? [];
    words.push(...original.title.split(' ').filter((word) => WORD.test(word)));
    titleWords.set(original.language, words);
  }

  const vary = (original: Original, copy: number): string => {
    const pool = sentences.get(original.language)!;
    const body = original.paragraphs
      .map((paragraph) => {
        const varied = paragraph.map((sentence) => (rand() < 0.5 ? pick(pool) : sentence));
        for (let i = varied.length - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [varied[i], varied[j]] = [varied[j]!, varied[i]!];
        }
        return varied.join(' ');
      })
      .join('\n');
    const words = original.title.split(' ');
    const swappable = words.flatMap((word, i) => (WORD.test(word) ? [i] : []));
    if (swappable.length) words[pick(swappable)] = pick(titleWords.get(original.language)!);
    const title = words.join(' ');
    if (!original.head) return `${title}\n${body}\n`;
    const head = original.head
      .split('\n')
      .map((line) => {
        if (line.startsWith('title:')) return `title: ${title}`;
        const url = URL_LINE.exec(line);
        return url ? line.replace(url[2]!, withCopy(url[2]!, copy)) : line;
      })
      .join('\n');
    return `${head}${body}\n`;
  };

  let bytes = 0;
  for (let start = 0; start < count; start += 1000) {
    const folder = join(dir, String(start / 1000).padStart(3, '0'));
    await mkdir(folder, { recursive: true });
    const writes: Promise<void>[] = [];
    for (let n = start; n < Math.min(count, start + 1000); n++) {
      const original = originals[n % originals.length]!;
      const copy = Math.floor(n / originals.length);
      const text = copy === 0 ? original.text : vary(original, copy);
      const ext = extname(original.name);
      bytes += Buffer.byteLength(text);
      writes.push(writeFile(join(folder, `${original.language}-${basename(original.name, ext)}.c${copy}${ext}`), text));
    }
    await Promise.all(writes);
  }
  return { files: count, bytes, originals: originals.length };
}

/** The folder of the assembled corpus's files a corpus of `size` holds: its first size / 1,000 folders. */
function foldersOf(dir: string, size: number): string[] {
  return Array.from({ length: size / 1000 }, (_, i) => join(dir, String(i).padStart(3, '0')));
}

/**
 * `count` real-text files in folders of 1,000 under `dir`: read as they are when an earlier run left that many
 * there (BENCH_DIR), else assembled now; undefined when ../shared/corpus is absent. Says which, for the log.
 */
async function realCorpusIn(dir: string, count: number): Promise<{ said: string } | undefined> {
  if (existsSync(foldersOf(dir, count).at(-1)!)) return { said: `read ${count.toLocaleString('en')} files already assembled in ${dir}` };
  const made = await timed(() => assembleRealCorpus(dir, count));
  return made.value && { said: `assembled ${count.toLocaleString('en')} files (${mb(made.value.bytes)}) in ${ms(made.ms)}` };
}

/**
 * Runs `measure` on real text assembled for the largest of `sizes`, given the folders a corpus of each size holds:
 * in `keep` (BENCH_DIR) for the next run, else in a temporary folder removed after. Skipped, saying so, when
 * ../shared/corpus is absent.
 */
export async function onRealCorpus(bench: string, sizes: readonly number[], keep: string | undefined, measure: (folders: (size: number) => string[]) => Promise<void>): Promise<void> {
  console.log(`${bench} bench: real text, sizes ${sizes.join(', ')}; load average ${loadAverage()} (1, 5, 15 min)`);
  const dir = keep ?? (await mkdtemp(join(tmpdir(), `bench-${bench}-`)));
  try {
    const corpus = await realCorpusIn(dir, Math.max(...sizes));
    if (!corpus) return void console.log(`skipped: ${SHARED_CORPUS}/{en,vi} is not present`);
    console.log(corpus.said);
    await measure((size) => foldersOf(dir, size));
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}
