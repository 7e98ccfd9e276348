// `newsbot deploy-commands` and `newsbot start` as a user runs them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/command.ts';
import { startLocalDiscord, type LocalDiscord } from '../../src/local-discord/index.ts';

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env, cwd: process.cwd() };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

/** A local Discord for the tests of the enclosing describe. */
function useLocalDiscord(): () => LocalDiscord {
  let discord: LocalDiscord | undefined;
  beforeAll(async () => {
    discord = await startLocalDiscord({ log: () => {} });
  });
  afterAll(async () => {
    await discord?.close();
  });
  return () => discord!;
}

describe('newsbot deploy-commands', () => {
  const local = useLocalDiscord();
  let discord: LocalDiscord;
  beforeAll(() => {
    discord = local();
  });

  it('--print prints the command JSON without a token or network', async () => {
    const c = capture();
    expect(await main(['deploy-commands', '--print'], c.io)).toBe(0);
    const bodies = JSON.parse(c.out()) as { name: string; default_member_permissions?: string }[];
    expect(bodies.map((b) => b.name)).toEqual(['admin', 'digest', 'feed', 'news', 'summary', 'topics']);
    expect(bodies.find((b) => b.name === 'feed')?.default_member_permissions).toBe('32');
    // `/news topic:AI`, `/news query:…`, `/summary article:…`, `/summary topic:…`: options of the command itself, none required.
    const options = (name: string) => (bodies.find((b) => b.name === name) as unknown as { options: { name: string; type: number; required?: boolean; autocomplete?: boolean }[] }).options;
    expect(options('news').map((o) => [o.name, o.required ?? false, o.autocomplete ?? false])).toEqual([
      ['topic', false, true], ['query', false, false], ['count', false, false], ['language', false, false],
    ]);
    expect(options('summary').map((o) => [o.name, o.required ?? false, o.autocomplete ?? false])).toEqual([['article', false, true], ['topic', false, true]]);
    expect([...options('news'), ...options('summary')].every((o) => o.type !== 1)).toBe(true);
    expect(discord.requests).toEqual([]);
  });

  it('registers in one guild with --guild, globally without', async () => {
    const guild = discord.createGuild('Dev');
    const env = { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl };
    const inGuild = capture(env);
    expect(await main(['deploy-commands', '--guild', guild.id], inGuild.io)).toBe(0);
    expect(inGuild.out()).toContain(`guild ${guild.id}`);
    expect(discord.registeredCommands(guild.id)).toHaveLength(6);
    expect(discord.registeredCommands()).toHaveLength(0);
    expect(await main(['deploy-commands'], capture(env).io)).toBe(0);
    expect(discord.registeredCommands()).toHaveLength(6);
    expect(discord.violations).toEqual([]);
  });

  it('says what to do without a token, or with a bad guild id', async () => {
    const noToken = capture();
    expect(await main(['deploy-commands'], noToken.io)).toBe(2);
    expect(noToken.err()).toMatch(/DISCORD_TOKEN is not set/);
    const badGuild = capture({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl });
    expect(await main(['deploy-commands', '--guild', 'abc'], badGuild.io)).toBe(2);
    expect(badGuild.err()).toMatch(/--guild abc/);
  });
});

describe('newsbot start', () => {
  it('names a bad variable', async () => {
    const c = capture({ DEFAULT_TIMEZONE: 'Mars/Base' });
    expect(await main(['start'], c.io)).toBe(2);
    expect(c.err()).toMatch(/DEFAULT_TIMEZONE/);
  });

  it('says which store it cannot reach, without a stack trace or the password', async () => {
    const token = 'MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB'; // token-shaped, not real
    const c = capture({ DISCORD_TOKEN: token, KEYV_URL: 'redis://bot:hunter2@127.0.0.1:1', LOG_LEVEL: 'silent' });
    expect(await main(['start', '--corpus', 'seeds'], c.io)).toBe(2);
    expect(c.err()).toBe('newsbot start: Cannot connect to Redis at redis://bot:***@127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1; check KEYV_URL\n');
  });

  describe('stops with one line saying what to fix, no stack trace', () => {
    const local = useLocalDiscord();
    let discord: LocalDiscord;
    beforeAll(() => {
      discord = local();
    });
    const start = async (env: NodeJS.ProcessEnv) => {
      const c = capture({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, DATA_DIR: mkdtempSync(join(tmpdir(), 'newsbot-start-')), LOG_LEVEL: 'silent', ...env });
      return { code: await main(['start'], c.io), err: c.err() };
    };

    it('a corpus folder or sources file that is not there (exit 2)', async () => {
      expect(await start({ CORPUS_DIRS: '/nonexistent-news' })).toEqual({ code: 2, err: 'newsbot start: corpus directory does not exist: /nonexistent-news; fix the folder or remove it from CORPUS_DIRS (or --corpus)\n' });
      const sources = await start({ SOURCES_FILE: '/nonexistent-sources.yaml' });
      expect(sources.code).toBe(2);
      expect(sources.err).toMatch(/^newsbot start: SOURCES_FILE \/nonexistent-sources\.yaml cannot be read \(ENOENT\)[^\n]*\n$/);
    });

    it('a token Discord refuses (exit 2), and a Discord it cannot reach (exit 1)', async () => {
      const [id, stamp, hmac] = discord.token.split('.');
      expect(await start({ DISCORD_TOKEN: `${id}.${stamp}.${hmac!.slice(0, -4)}AAAA` })).toEqual({
        code: 2,
        err: 'newsbot start: Discord refused DISCORD_TOKEN; copy it again from the Developer Portal, Bot page, "Reset Token"\n',
      });
      expect(await start({ DISCORD_API_URL: 'http://127.0.0.1:1/api' })).toEqual({
        code: 1,
        err: 'newsbot start: cannot reach Discord at http://127.0.0.1:1/api: connect ECONNREFUSED 127.0.0.1:1; check the network (and DISCORD_API_URL, if set)\n',
      });
    });
  });
});
