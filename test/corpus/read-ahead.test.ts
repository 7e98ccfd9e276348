// The helper thread that reads corpus files ahead of the parser: every file's outcome, in order, across
// batches, with the same cap and errors as a read on this thread.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAhead, type ReadOutcome } from '../../src/corpus/read-ahead.ts';
import { readCappedSync } from '../../src/corpus/read-capped.ts';
import { corpusDir } from './helpers.ts';

const described = (outcome: ReadOutcome): string =>
  'bytes' in outcome ? `bytes:${Buffer.from(outcome.bytes).toString('utf8')}` : 'oversize' in outcome ? `oversize:${outcome.oversize}` : `error:${outcome.error}`;

describe('readAhead', () => {
  it('gives every file its outcome, in order across batches: its bytes, oversize past the cap, or why it could not be read', async () => {
    const dir = corpusDir({});
    // 150 files: three batches of the helper's 64.
    const paths = Array.from({ length: 150 }, (_, i) => join(dir, `f${i}.md`));
    paths.forEach((path, i) => writeFileSync(path, i === 70 ? 'x'.repeat(200) : `file ${i}`));
    paths.splice(100, 0, join(dir, 'missing.md'));
    const seen: [number, string][] = [];
    await readAhead(paths, 100, (index, outcome) => seen.push([index, described(outcome)]));
    expect(seen.map(([index]) => index)).toEqual(paths.map((_, i) => i));
    expect(seen.map(([, outcome]) => outcome)).toEqual(paths.map((path) => described(readOnThisThread(path))));
    expect(seen[70]![1]).toBe('oversize:200');
    expect(seen[100]![1]).toBe('error:ENOENT');
  });

  it('settles at once for no files', async () => {
    const each: number[] = [];
    await readAhead([], 100, (index) => each.push(index));
    expect(each).toEqual([]);
  });
});

function readOnThisThread(path: string): ReadOutcome {
  try {
    return readCappedSync(path, 100);
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
}
