// The README's step 3 puts DISCORD_TOKEN in `.env`: `npm start` must read it, real environment variables win,
// a malformed line stops start-up naming the line, and the log says which file was read without any value.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnvFile, parseEnvFile, EnvFileError } from '../../src/config/env-file.ts';
import { startLocalDiscord, type LocalDiscord } from '../../src/local-discord/index.ts';
import { startBotProcess, stopGracefully } from '../scale/support.ts';
import { repoRoot, seedsDir } from '../support/paths.ts';

describe('.env parsing', () => {
  it('reads NAME=value lines with comments, export, quotes, CRLF and a BOM', () => {
    const text = '\uFEFF# settings\r\nDISCORD_TOKEN=abc.def.ghi\r\nexport LOG_LEVEL=debug # verbose\r\n\r\nA="two words\\nline"\r\nB=\'#not a comment\'\r\nC=\r\n';
    const { values, problems } = parseEnvFile(text);
    expect(problems).toEqual([]);
    expect(Object.fromEntries(values)).toEqual({ DISCORD_TOKEN: 'abc.def.ghi', LOG_LEVEL: 'debug', A: 'two words\nline', B: '#not a comment', C: '' });
  });

  it('names every malformed line by number, without echoing values', () => {
    const { problems } = parseEnvFile('OK=1\nDISCORD_TOKEN secret-value\n9LIVES=3\nQ="unclosed secret\n');
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(problems.map((p) => p.message).join(' ')).not.toMatch(/secret/);
    expect(problems[0]!.message).toMatch(/expected NAME=value/);
  });

  it('keeps variables already in the environment and reports which names it set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbot-env-'));
    writeFileSync(join(dir, '.env'), 'LOG_LEVEL=warn\nDATA_DIR=/from/file\n');
    const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'debug' };
    const load = loadEnvFile(env, dir);
    expect(env).toEqual({ LOG_LEVEL: 'debug', DATA_DIR: '/from/file' });
    expect(load).toEqual({ path: join(dir, '.env'), applied: ['DATA_DIR'], overridden: ['LOG_LEVEL'] });
    expect(loadEnvFile({}, mkdtempSync(join(tmpdir(), 'newsbot-noenv-')))).toBeUndefined();
    expect(() => loadEnvFile({}, (writeFileSync(join(dir, '.env'), 'oops\n'), dir))).toThrow(EnvFileError);
  });
});

describe('newsbot start with a .env file', () => {
  let discord: LocalDiscord;
  beforeAll(async () => { discord = await startLocalDiscord({ heartbeatIntervalMs: 5_000, log: () => {} }); });
  afterAll(async () => discord?.close());

  it('connects to Discord with the token from .env, logs the file it read and never a value', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'newsbot-dotenv-'));
    const bot = startBotProcess(discord, {}, { cwd, corpus: [seedsDir], envFile: { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl } });
    try {
      await bot.waitForLog((line) => line.msg === 'connected to Discord');
      const read = bot.logs.find((line) => String(line.msg).startsWith('read settings from'));
      expect(read).toMatchObject({ file: join(cwd, '.env'), set: ['DISCORD_TOKEN', 'DISCORD_API_URL'] });
      expect(JSON.stringify(bot.logs)).not.toContain(discord.token);
    } finally {
      await stopGracefully(bot);
    }
  });

  it('stops with the file, the line and the fix when a line is malformed', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'newsbot-badenv-'));
    writeFileSync(join(cwd, '.env'), '# ok\nDISCORD_TOKEN secret-token-value\n');
    const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'newsbot.js'), 'start'], {
      cwd,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${join(cwd, '.env')}:2: expected NAME=value`);
    expect(result.stderr).not.toContain('secret-token-value');
  });
});
