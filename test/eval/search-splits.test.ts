// The search judgment files themselves (eval/search/*.jsonl): every split parses, test2 is the held-out split with
// enough judged queries in each language, and no query or id leaks from one split into another.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJudgments, splitPath, SPLIT_ROLES, SPLITS } from '../../bench/eval/search-judgments.ts';

const splits = Object.fromEntries(SPLITS.map((split) => [split, readJudgments(splitPath(split))]));
const normalized = (query: string) => query.normalize('NFC').toLowerCase().trim();

describe('the search judgment splits', () => {
  it('are dev, test (printed as test1, tuning data now) and test2 (held out)', () => {
    expect(SPLITS).toEqual(['dev', 'test', 'test2']);
    expect(SPLIT_ROLES.dev).toContain('tune on this');
    expect(SPLIT_ROLES.test).toContain('test1 (test.jsonl) — seen, tuning data');
    expect(SPLIT_ROLES.test2).toContain('held out: report only');
  });

  it('every split file parses and judges every query it lists', () => {
    for (const split of SPLITS) {
      expect(splits[split]!.length, split).toBeGreaterThan(0);
      for (const entry of splits[split]!) expect(Object.keys(entry.judgments).length, `${split} ${entry.id}`).toBeGreaterThan(0);
    }
  });

  it('test2 has at least 20 English and 20 Vietnamese queries, each with a document of grade ≥ 2', () => {
    const test2 = splits.test2!;
    expect(test2.filter((entry) => entry.language === 'en').length).toBeGreaterThanOrEqual(20);
    expect(test2.filter((entry) => entry.language === 'vi').length).toBeGreaterThanOrEqual(20);
    const withoutRelevant = test2.filter((entry) => !Object.values(entry.judgments).some((grade) => grade >= 2));
    expect(withoutRelevant.map((entry) => `${entry.id} ${entry.query}`)).toEqual([]);
  });

  it('no id or query text appears in two splits (nor twice in one)', () => {
    const all = SPLITS.flatMap((split) => splits[split]!.map((entry) => ({ split, ...entry })));
    const ids = all.map((entry) => entry.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const queries = all.map((entry) => normalized(entry.query));
    expect(queries.filter((query, i) => queries.indexOf(query) !== i)).toEqual([]);
  });

  it('a bad grade stops the eval naming the file and line', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'judgments-')), 'test2.jsonl');
    writeFileSync(
      path,
      '{"id":"u01","language":"en","query":"excel","judgments":{"en/a.md":3}}\n' +
        '{"id":"u02","language":"vi","query":"bão","judgments":{"vi/1.txt":4}}\n',
    );
    expect(() => readJudgments(path)).toThrow(`${path}:2`);
    expect(() => readJudgments(path)).toThrow('grade of vi/1.txt must be 0, 1, 2 or 3, got 4');
  });
});
