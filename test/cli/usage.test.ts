// The CLI as a person meets it at a terminal: typos get a clear message and a close suggestion, every "not
// found" exits 3, every usage problem exits 2, and human output reads as text (tables, no raw Markdown), in
// colour only where the terminal asks for it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCorpusDirs, main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/command.ts';
import { repoRoot, seedsDir } from '../support/paths.ts';

async function newsbot(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: { CORPUS_DIRS: '' }, cwd: repoRoot };
  const code = await main([...args, '--corpus', seedsDir], io);
  return { code, stdout, stderr };
}

describe('newsbot usage errors', () => {
  it('says a command is unknown, suggests a close one, and exits 2 without dumping the help', async () => {
    const unknown = await newsbot(['frobnicate']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^newsbot: unknown command "frobnicate"\nRun `newsbot --help`/);
    expect((await newsbot(['serch', 'x'])).stderr).toContain('did you mean `newsbot search`?');
  });

  it('explains unknown options and values that look like options in its own words', async () => {
    const bogus = await newsbot(['news', '--topic', 'AI', '--bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toBe('newsbot news: unknown option --bogus\nRun `newsbot news --help` for its options.\n');
    const negative = await newsbot(['news', '--topic', 'AI', '--limit', '-3']);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('--limit needs a value; to give one starting with "-", write --limit=-3');
    expect((await newsbot(['news', '--topic', 'AI', '--limit=-3'])).stderr).toContain('--limit must be a whole number ≥ 1, got "-3"');
  });

  it('exits 3 for anything not found, in every command, and suggests only close topic names', async () => {
    for (const args of [['show', 'nope'], ['summary', 'nope'], ['news', '--topic', 'Knitting'], ['summary', '--topic', 'Knitting']]) {
      expect((await newsbot(args)).code, args.join(' ')).toBe(3);
    }
    expect((await newsbot(['news', '--topic', 'Cloud Computng'])).stderr).toContain('did you mean Cloud Computing?');
    expect((await newsbot(['news', '--topic', 'Quantumfoo'])).stderr).not.toContain('did you mean');
  });
});

describe('newsbot human output', () => {
  it('prints corpus check counts as aligned tables, with singular words for one', async () => {
    const { stdout } = await newsbot(['corpus', 'check']);
    expect(stdout).toMatch(/^2 files: 2 loaded, 0 skipped, 0 duplicates merged/);
    const rows = stdout.split('topics:\n')[1]!.trimEnd().split('\n');
    expect(rows.length).toBeGreaterThan(1);
    expect(new Set(rows.map((row) => row.length)).size).toBe(1); // counts right-aligned in one column
  });

  it('renders a topic briefing as text with numbered sources, not Markdown', async () => {
    const { stdout } = await newsbot(['summary', '--topic', 'cloud']);
    expect(stdout).toMatch(/^Cloud Computing\n  • .+\[1\]/);
    expect(stdout).toMatch(/\n  \[1\] .+/);
    expect(stdout).not.toMatch(/\*\*|\]\(http/);
  });

  it('colours a terminal that asks for it (FORCE_COLOR) and never a NO_COLOR one', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [join(repoRoot, 'bin', 'newsbot.js'), 'news', '--topic', 'AI', '--corpus', seedsDir], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', ...env },
      }).stdout;
    expect(run({ FORCE_COLOR: '1' })).toContain('\u001b[1m');
    expect(run({ NO_COLOR: '1' })).not.toContain('\u001b[');
    expect(run({})).not.toContain('\u001b['); // piped: no colour
  });
});

describe('CORPUS_DIRS', () => {
  it('adds folders to seeds/, by comma or colon, spaces around a name ignored, relative ones from the working directory', () => {
    expect(defaultCorpusDirs({ CORPUS_DIRS: '/srv/news/en, /srv/news/vi: local ,' }, '/srv/bot')).toEqual([seedsDir, '/srv/news/en', '/srv/news/vi', '/srv/bot/local']);
    expect(defaultCorpusDirs({}, '/srv/bot')).toEqual([seedsDir]);
  });
});
