// Search judgment files (eval/search/{dev,test,test2}.jsonl): one query per line with its graded documents, keyed
// by file path relative to ../shared/corpus. A malformed line stops the eval naming the file and line.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseJsonLines } from './json-lines.ts';

export interface QueryJudgments {
  id: string;
  language: 'en' | 'vi';
  query: string;
  /** Document key → grade 0..3. */
  judgments: Record<string, number>;
}

/** `test` is test1: its figures were reported, so it is tuning data now; `test2` is the held-out split. */
export const SPLITS = ['dev', 'test', 'test2'] as const;
export type Split = (typeof SPLITS)[number];

/** How each split may be used, printed with its figures so nobody mistakes a tuning figure for a held-out one. */
export const SPLIT_ROLES: Record<Split, string> = {
  dev: 'dev — tune on this',
  test: 'test1 (test.jsonl) — seen, tuning data from now on',
  test2: 'test2 — held out: report only',
};

export const JUDGMENTS_DIR = resolve(import.meta.dirname, '..', '..', 'eval', 'search');

export function splitPath(split: Split): string {
  return resolve(JUDGMENTS_DIR, `${split}.jsonl`);
}

export function readJudgments(path: string): QueryJudgments[] {
  return parseJsonLines(readFileSync(path, 'utf8'), path, checkQuery);
}

export function writeJudgments(path: string, queries: QueryJudgments[]): void {
  writeFileSync(path, queries.map((query) => JSON.stringify(query)).join('\n') + '\n');
}

function checkQuery(value: unknown): QueryJudgments {
  const entry = value as Partial<QueryJudgments>;
  if (typeof entry.id !== 'string' || typeof entry.query !== 'string') throw new Error('needs string "id" and "query"');
  if (entry.language !== 'en' && entry.language !== 'vi') throw new Error('"language" must be "en" or "vi"');
  const judgments = entry.judgments;
  if (typeof judgments !== 'object' || judgments === null) throw new Error('"judgments" must be an object');
  for (const [key, grade] of Object.entries(judgments)) {
    if (![0, 1, 2, 3].includes(grade)) throw new Error(`grade of ${key} must be 0, 1, 2 or 3, got ${JSON.stringify(grade)}`);
  }
  return { id: entry.id, language: entry.language, query: entry.query, judgments };
}
