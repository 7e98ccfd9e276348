// `npm start` at a terminal prints readable lines; piped to a file or a collector it prints JSON lines. Run in a
// real child process, under `script` for a real terminal, because the choice depends on stdout being a TTY.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths.ts';

const PROGRAM = `
  const { createLogger } = await import(${JSON.stringify(join(repoRoot, 'src/ops/logger.ts'))});
  createLogger({ format: process.env.FORMAT }).info({ feed: 'f1', token: 'plain-secret' }, 'feed ran');
`;
const ARGS = ['--import', 'tsx', '--input-type=module', '-e', PROGRAM];

function run(format: string, terminal: boolean, env: Record<string, string> = {}): string {
  const command = terminal ? 'script' : process.execPath;
  const args = terminal ? ['-qec', [process.execPath, ...ARGS].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' '), '/dev/null'] : ARGS;
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', FORMAT: format, ...env } });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

describe('log format', () => {
  it('writes one JSON object per line when stdout is not a terminal', () => {
    expect(JSON.parse(run('auto', false))).toMatchObject({ level: 30, msg: 'feed ran', feed: 'f1', token: '[Redacted]' });
  });

  it.skipIf(!existsSync('/usr/bin/script'))('writes readable, coloured lines at a terminal, still redacted', () => {
    const out = run('auto', true, { FORCE_COLOR: '1' });
    expect(out).toMatch(/INFO.*feed ran/);
    expect(out).toContain('\u001b[');
    expect(out).not.toMatch(/^\{/);
    expect(out).not.toContain('plain-secret');
  });

  it('respects NO_COLOR and LOG_FORMAT=json at a terminal', () => {
    expect(run('auto', true, { NO_COLOR: '1' })).not.toContain('\u001b[');
    expect(JSON.parse(run('json', true).trim())).toMatchObject({ msg: 'feed ran' });
  });
});
