import { describe, expect, it } from 'vitest';
import { ConfigError, clientIdFromToken, loadConfig } from '../../src/config/config.ts';

const APP_ID = '1234567890123456789';
// A token shaped like Discord's: base64(app id) . timestamp . hmac — made up, never valid.
const TOKEN = `${Buffer.from(APP_ID).toString('base64url')}.GhXzYa.${'x'.repeat(38)}`;

function problemsOf(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs with an empty environment: playground mode with documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      discordToken: undefined,
      discordApiUrl: 'https://discord.com/api',
      dataDir: './data',
      defaultTimezone: 'UTC',
      logLevel: 'info',
      shards: 1,
    });
    expect(config.keyvUrl).toBeUndefined();
    expect(config.summaryLlm).toBeUndefined();
  });

  it('derives DISCORD_CLIENT_ID from the token when it is absent, and prefers the explicit one', () => {
    expect(clientIdFromToken(TOKEN)).toBe(APP_ID);
    expect(loadConfig({ DISCORD_TOKEN: TOKEN }).discordClientId).toBe(APP_ID);
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: '987654321098765432' }).discordClientId).toBe('987654321098765432');
  });

  it('refuses a malformed token without printing it', () => {
    const [problem] = problemsOf({ DISCORD_TOKEN: 'hunter2-not-a-token' });
    expect(problem?.variable).toBe('DISCORD_TOKEN');
    expect(problem?.message).toMatch(/Developer Portal/);
    expect(problem?.message).not.toContain('hunter2');
  });

  it('lists every bad variable at once, each with its name and fix', () => {
    const problems = problemsOf({
      DEFAULT_TIMEZONE: 'Mars/Base',
      DISCORD_GUILD_ID: 'my-server',
      DISCORD_API_URL: 'discord.local',
      LOG_LEVEL: 'loud',
      METRICS_PORT: '70000',
      SHARDS: 'many',
      KEYV_URL: 'mongodb://db',
    });
    expect(problems.map((p) => p.variable).sort()).toEqual(
      ['DEFAULT_TIMEZONE', 'DISCORD_API_URL', 'DISCORD_GUILD_ID', 'KEYV_URL', 'LOG_LEVEL', 'METRICS_PORT', 'SHARDS'].sort(),
    );
    const byName = Object.fromEntries(problems.map((p) => [p.variable, p.message]));
    expect(byName.DEFAULT_TIMEZONE).toBe('DEFAULT_TIMEZONE=Mars/Base is not an IANA timezone; use e.g. Europe/Paris, Asia/Ho_Chi_Minh or UTC');
    expect(byName.LOG_LEVEL).toMatch(/use one of fatal, error, warn, info, debug, trace, silent/);
    expect(byName.KEYV_URL).toMatch(/"mongodb:" is not a supported store; use redis:/);
    expect(() => loadConfig({ DEFAULT_TIMEZONE: 'Mars/Base', LOG_LEVEL: 'loud' })).toThrow(/DEFAULT_TIMEZONE: .*\n.*LOG_LEVEL: /);
  });

  it('canonicalizes timezones and refuses UTC offsets, which do not follow daylight saving', () => {
    expect(loadConfig({ DEFAULT_TIMEZONE: 'asia/ho_chi_minh' }).defaultTimezone).toBe('Asia/Ho_Chi_Minh');
    expect(problemsOf({ DEFAULT_TIMEZONE: '+07:00' })[0]?.variable).toBe('DEFAULT_TIMEZONE');
  });

  it('reads SHARDS as auto or a count, KEYV_URL schemes and the metrics port', () => {
    const config = loadConfig({
      SHARDS: 'AUTO',
      KEYV_URL: 'rediss://default:pw@cache:6380',
      METRICS_PORT: '9464',
      DISCORD_API_URL: 'http://127.0.0.1:8787/api/',
    });
    expect(config).toMatchObject({ shards: 'auto', metricsPort: 9464, discordApiUrl: 'http://127.0.0.1:8787/api' });
    expect(loadConfig({ SHARDS: '4' }).shards).toBe(4);
    expect(loadConfig({ KEYV_URL: 'postgresql://u:p@db/news' }).keyvUrl).toBe('postgresql://u:p@db/news');
  });

  it('needs SUMMARY_LLM_URL and SUMMARY_LLM_MODEL together, and an http(s) URL', () => {
    expect(problemsOf({ SUMMARY_LLM_URL: 'http://127.0.0.1:11434/v1' })[0]?.variable).toBe('SUMMARY_LLM_MODEL');
    expect(loadConfig({ SUMMARY_LLM_URL: 'http://127.0.0.1:11434/v1', SUMMARY_LLM_MODEL: 'qwen2.5:3b', SUMMARY_LLM_KEY: 'k' }).summaryLlm).toEqual({
      url: 'http://127.0.0.1:11434/v1',
      model: 'qwen2.5:3b',
      key: 'k',
      timeoutMs: 10_000,
    });
    expect(problemsOf({ SUMMARY_LLM_URL: 'localhost:11434', SUMMARY_LLM_MODEL: 'm' })).toEqual([
      { variable: 'SUMMARY_LLM_URL', message: expect.stringMatching(/^SUMMARY_LLM_URL=localhost:11434 is not an http\(s\) URL/) },
    ]);
    // A mistyped scheme with credentials: the message names the variable, never the key.
    expect(problemsOf({ SUMMARY_LLM_URL: 'htps://u:sk-SECRET-1@llm.example/v1', SUMMARY_LLM_MODEL: 'm' })[0]?.message).toMatch(/^SUMMARY_LLM_URL=htps:\/\/u:\*\*\*@llm\.example\/v1 is not an http\(s\) URL/);
  });

  it('reads the article size cap, refusing a size that is not a whole number of bytes', () => {
    expect(loadConfig({ CORPUS_MAX_FILE_BYTES: '2048' }).corpusMaxFileBytes).toBe(2048);
    expect(loadConfig({}).corpusMaxFileBytes).toBeUndefined();
    expect(() => loadConfig({ CORPUS_MAX_FILE_BYTES: '1MB' })).toThrow(/CORPUS_MAX_FILE_BYTES.*size in bytes/);
  });

  it('reads the per-server feed cap, 50 by default, refusing anything but a whole number from 1', () => {
    expect(loadConfig({}).maxFeedsPerGuild).toBe(50);
    expect(loadConfig({ MAX_FEEDS_PER_GUILD: '200' }).maxFeedsPerGuild).toBe(200);
    for (const bad of ['0', 'lots', '2.5']) expect(() => loadConfig({ MAX_FEEDS_PER_GUILD: bad })).toThrow(/MAX_FEEDS_PER_GUILD=.*whole number of feeds/);
  });

  it('splits TOPICS_FILE on commas', () => {
    expect(loadConfig({ TOPICS_FILE: 'extra.yaml, team.yaml' }).topicsFiles).toEqual(['extra.yaml', 'team.yaml']);
  });
});
