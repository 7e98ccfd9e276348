// A bot restored from its snapshot has parsed no file: its first parse (a reseed's one changed file) built the
// topic word tables (64k characters, ~40 ms), the taxonomy's phrase tables and compiled the parser all at
// once, holding the serving thread 70–75 ms in the middle of the reseed (100k corpus, load 2–4). The holder
// runs this in background slices after a restore instead.
import { parseArticleFile } from './parse-file.ts';
import type { Taxonomy } from './taxonomy.ts';
import { prepareWordTables } from './topic-words.ts';

/** One file of each shape (front matter, plain text): each parse path compiled and its tables made. */
const SAMPLES: [path: string, text: string][] = [
  ['warm-up.md', '---\ntitle: Warm-up article\noriginalUrl: https://newsbot.invalid/warm-up\n---\nA short article about technology and the economy.\n'],
  ['warm-up.txt', 'Bài viết khởi động\n\nMột bài viết ngắn về công nghệ và kinh tế, viết bằng tiếng Việt có dấu.\n'],
];

export function* warmParsing(taxonomy: Taxonomy): Generator<void, void, void> {
  yield* prepareWordTables();
  for (const [path, text] of SAMPLES) {
    parseArticleFile(path, Buffer.from(text, 'utf8'), taxonomy);
    yield;
  }
}
