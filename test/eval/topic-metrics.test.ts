import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateTopics, formatTopicMetrics, LABELS_DIR, offSelection, readLabels, scoreTopics, SPLIT_ROLES, SPLITS } from '../../bench/eval-topics.ts';
import { SELECTION, selectSplits } from '../../eval/topics/select.ts';
import { defaultTaxonomy } from '../../src/corpus/load.ts';
import { viPresent } from '../support/paths.ts';

describe('scoreTopics', () => {
  // Worked by hand. Per topic: A tp 2 of 2 tagged, 3 labelled (P 1, R 2/3, F1 0.8); B tp 0 of 1 tagged,
  // 1 labelled (0, 0, 0); C tp 2 of 2, 2 labelled (1, 1, 1).
  // Micro: 4 right of 5 tags and 6 labels: P 0.8, R 2/3, F1 8/11. Macro: P 2/3, R 5/9, F1 0.6.
  const metrics = scoreTopics([
    { labels: ['A'], tags: ['A'] },
    { labels: ['A'], tags: ['A', 'B'] },
    { labels: ['A', 'C'], tags: ['C'] },
    { labels: ['B'], tags: [] },
    { labels: [], tags: [] },
    { labels: ['C'], tags: ['C'] },
  ]);

  it('pools every decision for micro figures', () => {
    expect(metrics.micro.precision).toBeCloseTo(0.8, 10);
    expect(metrics.micro.recall).toBeCloseTo(2 / 3, 10);
    expect(metrics.micro.f1).toBeCloseTo(8 / 11, 10);
  });

  it('weighs every topic alike for macro figures, a rare topic the bot misses pulling them down', () => {
    expect(metrics.macro.precision).toBeCloseTo(2 / 3, 10);
    expect(metrics.macro.recall).toBeCloseTo(5 / 9, 10);
    expect(metrics.macro.f1).toBeCloseTo(0.6, 10);
    expect(metrics.macro.f1).toBeLessThan(metrics.micro.f1);
  });

  it('gives per-topic precision, recall and support, most frequent topic first', () => {
    expect(metrics.perTopic.map((row) => [row.topic, row.support, row.predicted])).toEqual([
      ['A', 3, 2],
      ['C', 2, 2],
      ['B', 1, 1],
    ]);
    const a = metrics.perTopic[0]!;
    expect([a.precision, a.recall, a.f1]).toEqual([1, 2 / 3, expect.closeTo(0.8, 10)]);
    expect(metrics.perTopic[2]).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it('counts articles with no tag, with no label and tagged exactly as labelled', () => {
    expect(metrics).toMatchObject({ articles: 6, untagged: 2, unlabelled: 1, exact: 3 });
  });

  it('scores nothing as zero rather than NaN', () => {
    const empty = scoreTopics([{ labels: [], tags: [] }]);
    expect(empty.micro).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(empty.macro).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(formatTopicMetrics('empty', empty)).toContain('1 with no topic from the bot');
  });
});

describe('readLabels', () => {
  it('names the file and line of a bad label line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labels-'));
    const path = join(dir, 'dev.jsonl');
    writeFileSync(path, '{"file":"vi/1.txt","topics":["World"]}\n{"file":"vi/2.txt","topics":"World"}\n');
    expect(() => readLabels(path)).toThrow(`${path}:2: expected {"file":"vi/NAME","topics":["Topic", …]}`);
  });
});

describe('the labelled sets', () => {
  const splits = Object.fromEntries(SPLITS.map((split) => [split, readLabels(join(LABELS_DIR, `${split}.jsonl`))]));
  const PARENTS: Record<string, string> = {
    Football: 'Sports',
    AI: 'Technology',
    'Cloud Computing': 'Technology',
    Cybersecurity: 'Technology',
    Smartphones: 'Technology',
    'Power Apps': 'Technology',
  };

  it('are dev, test (test1) and test2, with the documented sizes and no article in two of them', () => {
    expect(SPLITS).toEqual(['dev', 'test', 'test2']);
    expect(splits.dev).toHaveLength(SELECTION.devSize);
    expect(splits.test).toHaveLength(SELECTION.testSize);
    expect(splits.test2).toHaveLength(SELECTION.test2Size);
    for (const split of SPLITS) {
      const files = splits[split]!.map((row) => row.file);
      expect(new Set(files).size, `${split} names an article twice`).toBe(files.length);
    }
    for (const [i, a] of SPLITS.entries()) {
      for (const b of SPLITS.slice(i + 1)) {
        const inA = new Set(splits[a]!.map((row) => row.file));
        expect(splits[b]!.filter((row) => inA.has(row.file)).map((row) => row.file), `${a} ∩ ${b}`).toEqual([]);
      }
    }
  });

  it('say in the report which split is held out and which is tuning data', () => {
    expect(SPLIT_ROLES.test).toContain('test1 — seen once, tuning data');
    expect(SPLIT_ROLES.test2).toContain('held out: report only');
  });

  it('use taxonomy names only, at most 3 leaf topics, parents always written', async () => {
    const names = new Set((await defaultTaxonomy()).topics.map((topic) => topic.name));
    for (const row of SPLITS.flatMap((split) => splits[split]!)) {
      for (const topic of row.topics) expect(names, `${row.file}: ${topic}`).toContain(topic);
      for (const topic of row.topics) if (PARENTS[topic]) expect(row.topics, row.file).toContain(PARENTS[topic]);
      const leaves = row.topics.filter((topic) => !row.topics.some((child) => PARENTS[child] === topic));
      expect(leaves.length, row.file).toBeLessThanOrEqual(3);
    }
  });

  it('the selection is a seeded hash of the file name, stable and independent of listing order', () => {
    const names = Array.from({ length: 500 }, (_, i) => `${22000000 + i}.txt`);
    const forward = selectSplits(names);
    expect(selectSplits([...names].reverse())).toEqual(forward);
    expect(forward.dev).toHaveLength(SELECTION.devSize);
    expect(forward.test).toHaveLength(SELECTION.testSize);
    expect(forward.test2).toHaveLength(SELECTION.test2Size);
    const all = [...forward.dev, ...forward.test, ...forward.test2];
    expect(new Set(all).size).toBe(all.length);
    expect(forward.dev.slice(0, 5)).not.toEqual(names.slice(0, 5).map((name) => `vi/${name}`));
  });

  it.skipIf(!viPresent)('are exactly the seeded selection of ../shared/corpus/vi', () => {
    expect(offSelection()).toEqual([]);
  });

  it('are skipped, not failed, when the corpus is absent', async () => {
    expect(await evaluateTopics(join(tmpdir(), 'no-such-corpus'))).toBeNull();
  });
});
