// The local Discord refuses what Discord's client would never send: options outside the registered
// definition's limits, types, choices and required set never reach the bot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInvocationError, type OptionInput } from '../../src/local-discord/index.ts';
import { startWorld } from './helpers.ts';

type World = Awaited<ReturnType<typeof startWorld>>;

const NEWS = {
  name: 'news',
  description: 'News',
  options: [
    { name: 'topic', description: 'Topic', type: 3, max_length: 100, autocomplete: true },
    { name: 'query', description: 'Words', type: 3, min_length: 2, max_length: 200 },
    { name: 'count', description: 'Per page', type: 4, min_value: 1, max_value: 10 },
    { name: 'heat', description: 'Heat', type: 10, min_value: 0, max_value: 100 },
    { name: 'language', description: 'Language', type: 3, choices: [{ name: 'English', value: 'en' }, { name: 'Vietnamese', value: 'vi' }] },
  ],
};
const FEED = {
  name: 'feed',
  description: 'Feeds',
  options: [
    {
      name: 'add',
      description: 'Add',
      type: 1,
      options: [
        { name: 'channel', description: 'Where', type: 7, required: true, channel_types: [0, 5] },
        { name: 'schedule', description: 'Cron', type: 3, required: true, max_length: 100 },
      ],
    },
    { name: 'list', description: 'List', type: 1 },
  ],
};

describe('option validation before dispatch', () => {
  let w: World;
  let voice: string;
  beforeAll(async () => {
    w = await startWorld({ rateLimits: false });
    w.discord.commands.overwrite([NEWS, FEED], w.guild.id);
    const room = w.discord.createChannel(w.guild.id, 'voice-room');
    room.type = 2; // GUILD_VOICE
    voice = room.id;
  });
  afterAll(async () => {
    await w?.discord.close();
  });

  const send = (name: string, options: OptionInput[]) => () => w.discord.dispatchCommand({ guildId: w.guild.id, channelId: w.channel.id, user: w.reader, name, options });
  const refusal = (name: string, options: OptionInput[]) => {
    const before = w.discord.interactions.records.length;
    try {
      send(name, options)();
    } catch (error) {
      expect(w.discord.interactions.records.length).toBe(before);
      return error as InvalidInvocationError;
    }
    throw new Error(`/${name} was dispatched`);
  };
  const o = (name: string, value: string | number) => ({ name, value });

  it('refuses integers and numbers outside min_value/max_value, and non-integers for integer options', () => {
    for (const count of [0, 11, 2.5]) {
      const error = refusal('news', [o('topic', 'AI'), o('count', count)]);
      expect(error).toBeInstanceOf(InvalidInvocationError);
      expect(error.status).toBe(400);
      expect(error.code).toBe(50035);
    }
    expect(refusal('news', [o('count', 0)]).problems).toEqual([{ path: 'options.0.value', code: 'NUMBER_TYPE_MIN', message: expect.stringContaining('1'), option: 'count' }]);
    expect(refusal('news', [o('count', 11)]).problems[0]!.code).toBe('NUMBER_TYPE_MAX');
    expect(refusal('news', [o('count', 2.5)]).problems[0]!.code).toBe('NUMBER_TYPE_COERCE');
    expect(refusal('news', [o('heat', 100.5)]).problems[0]!.code).toBe('NUMBER_TYPE_MAX');
    expect(refusal('news', [o('count', 'ten')]).problems[0]!.code).toBe('NUMBER_TYPE_COERCE');
  });

  it('refuses strings outside min_length/max_length, counted in characters, and values not among the choices', () => {
    const error = refusal('news', [o('query', 'x'.repeat(500))]);
    expect(error.problems).toEqual([{ path: 'options.0.value', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 200 or fewer in length.', option: 'query' }]);
    expect(error.toJSON()).toMatchObject({ code: 50035, errors: { options: { 0: { value: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } });
    expect(refusal('news', [o('query', 'x')]).problems[0]!.code).toBe('BASE_TYPE_MIN_LENGTH');
    expect(refusal('news', [o('language', 'fr')]).problems[0]!.code).toBe('BASE_TYPE_CHOICES');
    // 200 emoji are 400 UTF-16 units but 200 characters: allowed.
    expect(send('news', [o('query', '📰'.repeat(200))])).not.toThrow();
  });

  it('refuses a missing required option, an unknown option, and a channel of a type the option does not list', () => {
    const missing = refusal('feed', [{ name: 'add', options: [o('channel', w.channel.id)] }]);
    expect(missing.problems).toEqual([{ path: 'options.0.options', code: 'BASE_TYPE_REQUIRED', message: 'Option "schedule" is required.' }]);
    expect(refusal('news', [o('colour', 'red')]).problems[0]!.code).toBe('APPLICATION_COMMAND_OPTION_UNKNOWN');
    expect(refusal('feed', [{ name: 'add', options: [o('channel', voice), o('schedule', '0 9 * * *')] }]).problems[0]!.code).toBe('CHANNEL_TYPE_INVALID');
    expect(refusal('feed', [{ name: 'add', options: [o('channel', w.channel.id), o('schedule', '0 9 * * * '.repeat(11))] }]).problems[0]!.code).toBe('BASE_TYPE_MAX_LENGTH');
  });

  it('dispatches valid invocations, and autocomplete with partial text and missing required options', () => {
    expect(send('news', [o('topic', 'AI'), o('count', 10), o('heat', 99.5), o('language', 'vi')])).not.toThrow();
    expect(send('feed', [{ name: 'add', options: [o('channel', w.channel.id), o('schedule', '0 9 * * *')] }])).not.toThrow();
    expect(send('feed', [{ name: 'list' }])).not.toThrow();
    expect(() => w.discord.interactions.autocomplete({ guildId: w.guild.id, channelId: w.channel.id, user: w.reader, name: 'news', options: [{ name: 'topic', value: 'A', focused: true }] })).not.toThrow();
  });
});
