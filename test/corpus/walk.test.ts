// The corpus walk against hostile folders: symlink loops, links leaving the corpus, folders it cannot read,
// absurd depth. Each is skipped with its reason and the rest loads; loaded + skipped = files seen.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { listArticleFiles } from '../../src/corpus/files.ts';
import { loadCorpus, type CorpusLoad } from '../../src/corpus/load.ts';
import { corpusDir, repoRoot } from './helpers.ts';

const WALK_TIMEOUT_MS = 10_000;

function reasonFor(load: CorpusLoad, path: string): string | undefined {
  return load.skipped.find((s) => s.path === path)?.reason;
}

function expectCountsAddUp(load: CorpusLoad): void {
  expect(load.articles.length + load.duplicates + load.skipped.length).toBe(load.files);
}

describe('symlink loops', () => {
  it('a folder linking to itself twice loads its one file once and reports both links', async () => {
    const dir = corpusDir({ 'a.txt': 'T\nb\n' });
    symlinkSync('.', join(dir, 'x'));
    symlinkSync('.', join(dir, 'y'));
    const load = await loadCorpus([dir]);
    expect(load.articles.map((a) => a.title)).toEqual(['T']);
    expect(load.files).toBe(3);
    expect(reasonFor(load, join(dir, 'x'))).toMatch(/symlink loop/);
    expect(reasonFor(load, join(dir, 'y'))).toMatch(/symlink loop/);
    expectCountsAddUp(load);
  }, WALK_TIMEOUT_MS);

  it('a `..` link below the root counts a file once, not once per lap', async () => {
    const dir = corpusDir({ 'top.txt': 'Top\nbody', 'sub/a.txt': 'A\nbody' });
    symlinkSync('..', join(dir, 'sub', 'up'));
    const load = await loadCorpus([dir]);
    expect(load.articles.map((a) => a.title).sort()).toEqual(['A', 'Top']);
    expect(load.duplicates).toBe(0);
    expect(reasonFor(load, join(dir, 'sub', 'up'))).toMatch(/symlink loop/);
    expectCountsAddUp(load);
  }, WALK_TIMEOUT_MS);

  it('a link to a sibling folder loads that folder once, whichever name comes first', async () => {
    const dir = corpusDir({ 'zz-real/a.txt': 'A\nbody' });
    symlinkSync('zz-real', join(dir, 'aa-alias'));
    const load = await loadCorpus([dir]);
    expect(load.articles.map((a) => a.source)).toEqual([join(dir, 'zz-real', 'a.txt')]);
    expect(reasonFor(load, join(dir, 'aa-alias'))).toMatch(/already loaded.*zz-real/);
    expectCountsAddUp(load);
  });

  it('a link to itself is reported, not followed', async () => {
    const dir = corpusDir({ 'a.txt': 'A\nbody' });
    symlinkSync('self', join(dir, 'self'));
    const load = await loadCorpus([dir]);
    expect(load.articles).toHaveLength(1);
    expect(reasonFor(load, join(dir, 'self'))).toMatch(/symlink loop/);
  });

  it('folders nested deeper than the limit are reported, the shallow ones load', async () => {
    const deep = Array.from({ length: 40 }, (_, i) => `d${i}`).join('/');
    const dir = corpusDir({ 'a.txt': 'A\nbody', [`${deep}/deep.txt`]: 'Deep\nbody' });
    const load = await loadCorpus([dir]);
    expect(load.articles.map((a) => a.title)).toEqual(['A']);
    expect(load.skipped).toHaveLength(1);
    expect(load.skipped[0]!.reason).toMatch(/deeper than \d+ folders/);
    expectCountsAddUp(load);
  });
});

describe('links leaving the corpus folder', () => {
  const outside = corpusDir({ 'secret.txt': 'root:x:0:0:root:/root:/bin/bash\nnot news', 'etc/hosts.txt': 'Hosts\n127.0.0.1 localhost' });

  it('a link to a file or folder outside is skipped with its reason and never read', async () => {
    const dir = corpusDir({ 'a.txt': 'A\nbody' });
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'passwd'));
    symlinkSync(join(outside, 'etc'), join(dir, 'etc'));
    symlinkSync('/etc/passwd', join(dir, 'system-passwd'));
    const load = await loadCorpus([dir]);
    expect(load.articles.map((a) => a.title)).toEqual(['A']);
    for (const name of ['passwd', 'etc', 'system-passwd']) expect(reasonFor(load, join(dir, name))).toMatch(/outside the corpus folders.*CORPUS_DIRS/);
    expect(JSON.stringify(load)).not.toContain('root:x:0:0');
    expectCountsAddUp(load);
  });

  it('a linked folder that is itself a configured folder loads once', async () => {
    const dir = corpusDir({ 'a.txt': 'A\nbody' });
    symlinkSync(join(outside, 'etc'), join(dir, 'etc'));
    const load = await loadCorpus([dir, join(outside, 'etc')]);
    expect(load.articles.map((a) => a.title).sort()).toEqual(['A', 'Hosts']);
    expect(reasonFor(load, join(dir, 'etc'))).toMatch(/already loaded/);
    expectCountsAddUp(load);
  });

  it('a link inside the corpus to a file inside it is not read twice', async () => {
    const dir = corpusDir({ 'a.txt': 'A\nbody' });
    symlinkSync('a.txt', join(dir, 'alias.txt'));
    const load = await loadCorpus([dir]);
    expect(load.articles).toHaveLength(1);
    expect(reasonFor(load, join(dir, 'alias.txt'))).toMatch(/same file as .*a\.txt/);
  });
});

describe('a folder the walk cannot read', () => {
  const run = promisify(execFile);
  // Root reads any folder, so as root the check runs as `nobody` (runuser); any other user gets EACCES itself.
  const asRoot = process.getuid?.() === 0;

  it('is skipped with its reason; the rest of the corpus loads and the check exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbot-unreadable-'));
    mkdirSync(join(dir, 'open'));
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'open', 'a.txt'), 'Readable\nbody');
    writeFileSync(join(dir, 'locked', 'b.txt'), 'Hidden\nbody');
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'open'), 0o755);
    chmodSync(join(dir, 'open', 'a.txt'), 0o644);
    chmodSync(join(dir, 'locked'), 0o000);
    const cli = [join(repoRoot, 'bin', 'newsbot.js'), 'corpus', 'check', '--json', '--corpus', dir];
    const [file, args] = asRoot ? ['runuser', ['-u', 'nobody', '--', process.execPath, ...cli]] : [process.execPath, cli];
    const { stdout } = await run(file, args, { cwd: repoRoot, env: { ...process.env, CORPUS_DIRS: '', DATA_DIR: dir } });
    const report = JSON.parse(stdout);
    expect(report.loaded).toBe(1);
    expect(report.skipped).toEqual([{ path: join(dir, 'locked'), reason: expect.stringMatching(/unreadable folder: EACCES/) }]);
    expect(report.files).toBe(2);
  });
});

describe('paths listed', () => {
  it('are the joined paths, in code-unit order, however the folder was written', async () => {
    const dir = corpusDir({ 'b.md': 'B\nb\n', 'a-b.md': 'A\nb\n', 'a/c.md': 'C\nc\n', 'a/d/e.txt': 'E\ne\n' });
    const expected = ['a-b.md', 'a/c.md', 'a/d/e.txt', 'b.md'].map((name) => join(dir, name)).sort((x, y) => (x < y ? -1 : 1));
    for (const written of [dir, `${dir}/`, `${dir}/./`, `${dir}//a/..`]) {
      const { files } = await listArticleFiles([written]);
      expect(files).toEqual(expected);
    }
  });
});

describe('order', () => {
  it('lists a folder of more files than one sort run (sorted in pieces, then merged) in path order', async () => {
    // Names whose order differs from the order folders are walked in: `a-b` sorts before `a/…`.
    const names: string[] = [];
    for (let i = 0; i < 9000; i++) names.push(join(i % 3 === 0 ? 'a' : i % 3 === 1 ? 'a-b' : 'a.c', `${(i * 7919) % 9000}.md`));
    const dir = corpusDir(Object.fromEntries(names.map((name) => [name, ''])));
    const { files } = await listArticleFiles([dir]);
    expect(files).toHaveLength(9000);
    expect(files).toEqual(names.map((name) => join(dir, name)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  }, WALK_TIMEOUT_MS);
});
