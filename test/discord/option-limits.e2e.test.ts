// Option limits, checked twice: the local Discord refuses what Discord's client would not send, and the bot
// refuses values outside its own declared limits when an older deploy's definition let them through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { commandBodies, loadCommands } from '../../src/discord/loader.ts';
import { deployCommands } from '../../src/discord/deploy.ts';
import { InvalidInvocationError } from '../../src/local-discord/index.ts';
import { opts, run, sub, useWorld, type World } from './harness.ts';

const world = useWorld();
let w: World;
let bodies: RESTPostAPIChatInputApplicationCommandsJSONBody[];
beforeAll(async () => {
  w = world();
  bodies = commandBodies(await loadCommands());
});

const deploy = (commands: unknown[]) =>
  deployCommands(commands as RESTPostAPIChatInputApplicationCommandsJSONBody[], { token: w.discord.token, applicationId: w.discord.applicationId, guildId: w.guildId, apiUrl: w.discord.apiUrl });

/** The commands as an older deploy registered them: no limits, no choices, nothing required. */
function withoutLimits(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLimits);
  if (value === null || typeof value !== 'object') return value;
  const dropped = new Set(['min_value', 'max_value', 'min_length', 'max_length', 'choices', 'required']);
  return Object.fromEntries(Object.entries(value).filter(([k]) => !dropped.has(k)).map(([k, v]) => [k, withoutLimits(v)]));
}

describe('the local Discord enforces the registered limits', () => {
  it('never lets /news count:0, count:11 or a 500-character query reach the bot', async () => {
    const cases: Record<string, string | number>[] = [{ topic: 'AI', count: 0 }, { topic: 'AI', count: 11 }, { query: 'x'.repeat(500) }];
    for (const options of cases) {
      await expect(run(w, 'news', opts(options))).rejects.toBeInstanceOf(InvalidInvocationError);
    }
    await expect(run(w, 'news', opts({ topic: 'AI', language: 'fr' }))).rejects.toThrow(/BASE_TYPE_CHOICES|one of/);
  });

  it('declares a max_length on every string option that is echoed back, and refuses longer values', async () => {
    const strings = (options: { type: number; name: string; max_length?: number; options?: unknown[] }[] = [], path = ''): string[] =>
      options.flatMap((o) => (o.type === 1 || o.type === 2 ? strings(o.options as never, `${path}${o.name} `) : o.type === 3 && o.max_length === undefined ? [`${path}${o.name}`] : []));
    expect(bodies.flatMap((b) => strings(b.options as never, `/${b.name} `))).toEqual(['/news language']);
    await expect(run(w, 'feed', sub('add', { channel: w.channelId, topics: 'AI', schedule: '0 9 * * * '.repeat(20) }))).rejects.toThrow(/BASE_TYPE_MAX_LENGTH/);
    await expect(run(w, 'admin', sub('reseed', { path: 'a/'.repeat(400) }))).rejects.toThrow(/BASE_TYPE_MAX_LENGTH/);
  });
});

describe('the bot enforces its own limits against an older deploy', () => {
  beforeAll(async () => {
    await deploy(withoutLimits(bodies) as unknown[]);
  });
  afterAll(async () => {
    await deploy(bodies);
  });

  it('refuses /news count:0 and count:11 privately, saying what to do, instead of "Page 1 of Infinity"', async () => {
    const zero = await run(w, 'news', opts({ topic: 'AI', count: 0 }));
    expect(zero.ephemeral).toBe(true);
    expect(zero.embeds).toEqual([]);
    expect(zero.components).toEqual([]);
    expect(zero.content).toBe('Nothing was done:\n• `count` must be a whole number from 1 to 10 (got 0).\nRun `/news` again with values within these limits.');
    const eleven = await run(w, 'news', opts({ topic: 'AI', count: 11 }), 'reader', { locale: 'vi' });
    expect(eleven.content).toContain('`count` phải là số nguyên từ 1 đến 10 (bạn nhập 11).');
  });

  it('refuses a 500-character query and a language it does not offer, all problems at once', async () => {
    const reply = await run(w, 'news', opts({ query: 'x'.repeat(500), language: 'fr' }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content.split('\n').slice(1, 3)).toEqual([
      '• `query` can be at most 200 characters long (yours has 500).',
      '• `language` must be one of `en`, `vi` (got “fr”).',
    ]);
  });

  it('refuses a missing required option and out-of-range numbers in a subcommand, saving nothing', async () => {
    const reply = await run(w, 'feed', sub('add', { channel: w.channelId, topics: 'AI', max_per_run: 50 }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('• `max_per_run` must be a whole number from 1 to 10 (got 50).');
    expect(reply.content).toContain('• `schedule` is required.');
    expect(await w.bot.delivery.feeds.listByGuild(w.guildId)).toEqual([]);
  });

  it('refuses a subcommand this version does not have, instead of taking it for another (/digest stop ran off)', async () => {
    const older = (withoutLimits(bodies) as { name: string; options: unknown[] }[]).map((body) =>
      body.name === 'digest' ? { ...body, options: [...body.options, { type: 1, name: 'stop', description: 'Stop the digest' }] } : body);
    await deploy(older);
    await run(w, 'digest', sub('set', { channel: w.channelId, time: '07:30' }));
    const reply = await run(w, 'digest', sub('stop'));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content.split('\n')[1]).toBe('• `stop` is not a subcommand of this version of the bot: use `set`, `preview`, `off` (the server may list an older deploy of the commands).');
    expect(await w.bot.delivery.digests.listByGuild(w.guildId)).toHaveLength(1);
    await run(w, 'digest', sub('off'));
  });

  it('answers 10,000 unknown topic names or a 6,000-character schedule with the specific message, not "Something went wrong"', async () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `nope${i}`).join(',');
    const topics = await run(w, 'feed', sub('add', { channel: w.channelId, topics: names.slice(0, 6000), schedule: '0 9 * * *' }));
    expect(topics.content).toContain('• `topics` can be at most 300 characters long (yours has 6000).');
    const schedule = await run(w, 'digest', sub('set', { channel: w.channelId, time: '9'.repeat(6000) }));
    expect(schedule.content).toContain('• `time` can be at most 5 characters long (yours has 6000).');
    expect(w.logs.join('')).not.toMatch(/interaction failed/);
  });
});

describe('long values within the limits', () => {
  it('names the first unknown topics and counts the rest, in a reply Discord accepts', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `Astro${i}`).join(', ');
    expect(names.length).toBeLessThanOrEqual(300);
    const reply = await run(w, 'feed', sub('add', { channel: w.channelId, topics: names, schedule: '61 * * * *' }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^Nothing was saved:\n• Unknown topic “Astro0”.*“Astro4”[^“]*, 25 others; `\/topics` lists them all\./);
    expect(reply.content.length).toBeLessThanOrEqual(2000);
    expect(reply.content).toContain('minute “61” must be 0–59');
  });
});
