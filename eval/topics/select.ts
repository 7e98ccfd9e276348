// Which Vietnamese articles make up the topic evaluation sets. Deterministic: every file name of
// ../shared/corpus/vi is hashed with a fixed seed, files are ordered by that hash, the first devSize are `dev`,
// the next testSize `test` (test1: scored once, tuning data since) and the next test2Size `test2` (held out). Re-running it on the same corpus gives the same split; adding files to the
// corpus can only push a file out of the sets, never reshuffle the order of the others.
// Usage: node bin/run-ts.js eval/topics/select.ts [dev|test|test2]   (prints the file names, relative to ../shared/corpus)
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const SELECTION = {
  /** Changing the seed changes both sets: the labels would have to be redone. */
  seed: 'newsbot-topics-eval-2026',
  devSize: 170,
  testSize: 120,
  /** Appended after dev and test in the same order, so the earlier sets (and their labels) are unchanged. */
  test2Size: 150,
  /** Directory of the Vietnamese corpus, relative to ../shared/corpus: label files name articles as `vi/NAME`. */
  language: 'vi',
};

export const CORPUS_ROOT = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');

export const SPLITS = ['dev', 'test', 'test2'] as const;
export type Split = (typeof SPLITS)[number];

function rank(name: string): string {
  return createHash('sha256').update(`${SELECTION.seed}\u0000${name}`).digest('hex');
}

/** The three sets, as `vi/NAME` paths relative to the corpus root, each in hash order. */
export function selectSplits(fileNames: readonly string[]): Record<Split, string[]> {
  const ordered = fileNames
    .filter((name) => name.endsWith('.txt'))
    .map((name) => ({ name, key: rank(name) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ name }) => `${SELECTION.language}/${name}`);
  const testEnd = SELECTION.devSize + SELECTION.testSize;
  return {
    dev: ordered.slice(0, SELECTION.devSize),
    test: ordered.slice(SELECTION.devSize, testEnd),
    test2: ordered.slice(testEnd, testEnd + SELECTION.test2Size),
  };
}

export function selectFromCorpus(root = CORPUS_ROOT): Record<Split, string[]> {
  return selectSplits(readdirSync(resolve(root, SELECTION.language)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const splits = selectFromCorpus();
  const wanted = process.argv[2] as Split | undefined;
  if (wanted !== undefined && !SPLITS.includes(wanted)) {
    process.stderr.write(`Unknown split "${wanted}": use one of ${SPLITS.join(', ')} (or nothing for all).\n`);
    process.exit(2);
  }
  const lines = (wanted ? [wanted] : SPLITS).flatMap((split) =>
    splits[split].map((file) => (wanted ? file : `${split}\t${file}`)),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}
