import { describe, expect, it } from 'vitest';
import type { ApiCommand } from '../../src/local-discord/index.ts';
import { commandBodies, loadCommands } from '../../src/discord/loader.ts';
import { OptionType, parseCommandLine, planSuggestions, tokenize, type NameDirectory, type OptionDef } from '../../src/playground/command-line.ts';

// Definitions in the shapes the bot registers (subcommands, autocomplete, choices, channel/role/number options).
const option = (name: string, type: number, extra: Partial<OptionDef> = {}): OptionDef => ({ name, type, description: name, ...extra });
const command = (name: string, options: OptionDef[]) => ({ name, description: `${name} command`, type: 1, options }) as unknown as ApiCommand;
const listOptions = [option('count', OptionType.Integer), option('language', OptionType.String, { choices: [{ name: 'English', value: 'en' }, { name: 'Vietnamese', value: 'vi' }] })];
const commands: ApiCommand[] = [
  command('news', [
    option('topic', OptionType.Subcommand, { options: [option('topic', OptionType.String, { required: true, autocomplete: true }), ...listOptions] }),
    option('search', OptionType.Subcommand, { options: [option('query', OptionType.String, { required: true }), ...listOptions] }),
  ]),
  command('feed', [
    option('add', OptionType.Subcommand, { options: [
      option('channel', OptionType.Channel, { required: true }),
      option('topics', OptionType.String, { required: true, autocomplete: true }),
      option('schedule', OptionType.String, { required: true }),
      option('min_heat', OptionType.Number),
      option('role', OptionType.Role),
      option('max_per_run', OptionType.Integer),
    ] }),
    option('list', OptionType.Subcommand, { options: [] }),
    option('remove', OptionType.Subcommand, { options: [option('id', OptionType.String, { required: true, autocomplete: true })] }),
  ]),
  command('topics', []),
];
const CHANNELS: Record<string, string> = { 'ai-news': '100000000000000001', general: '100000000000000002' };
const names: NameDirectory = {
  channel: (n) => CHANNELS[n],
  role: (n) => (n === 'readers' ? '200000000000000001' : undefined),
  user: () => undefined,
  list: (kind) => (kind === 'channel' ? Object.keys(CHANNELS) : kind === 'role' ? ['readers'] : []),
};

describe('tokenize', () => {
  it('keeps quoted values with spaces together', () => {
    expect(tokenize('/feed add schedule:"*/5 * * * *" topics:AI')).toEqual([
      { text: '/feed', value: '/feed' },
      { text: 'add', value: 'add' },
      { text: 'schedule:"*/5 * * * *"', key: 'schedule', value: '*/5 * * * *' },
      { text: 'topics:AI', key: 'topics', value: 'AI' },
    ]);
  });
});

describe('parseCommandLine', () => {
  it('reads /news topic:AI as the topic subcommand (Discord-style shorthand)', () => {
    expect(parseCommandLine('/news topic:AI', commands, names)).toEqual({
      ok: true,
      invocation: { name: 'news', options: [{ name: 'topic', options: [{ name: 'topic', value: 'AI' }] }] },
    });
  });

  it('resolves channels and roles by name, converts numbers and keeps quoted cron', () => {
    const parsed = parseCommandLine('/feed add channel:#ai-news topics:"AI, Cloud" schedule:"*/5 * * * *" min_heat:2.5 role:@readers max_per_run:3', commands, names);
    expect(parsed).toEqual({
      ok: true,
      invocation: {
        name: 'feed',
        options: [{ name: 'add', options: [
          { name: 'channel', value: CHANNELS['ai-news'] },
          { name: 'topics', value: 'AI, Cloud' },
          { name: 'schedule', value: '*/5 * * * *' },
          { name: 'min_heat', value: 2.5 },
          { name: 'role', value: '200000000000000001' },
          { name: 'max_per_run', value: 3 },
        ] }],
      },
    });
  });

  it('reads a value up to the next option, as Discord\'s composer does: unquoted cron and topic lists', () => {
    const parsed = parseCommandLine('/feed add channel:#ai-news topics:AI, Cloud Computing min_heat:50 schedule:0 * * * * max_per_run:2', commands, names);
    expect(parsed.ok && parsed.invocation.options[0]?.options).toEqual([
      { name: 'channel', value: CHANNELS['ai-news'] },
      { name: 'topics', value: 'AI, Cloud Computing' },
      { name: 'min_heat', value: 50 },
      { name: 'schedule', value: '0 * * * *' },
      { name: 'max_per_run', value: 2 },
    ]);
    const extra = parseCommandLine('/feed add channel:#ai-news topics:AI schedule:0 9 * * * min_heat:50 percent', commands, names);
    expect(extra).toEqual({ ok: false, error: 'min_heat must be a number, got "50 percent"' });
  });

  it('explains mistakes instead of sending a broken interaction', () => {
    const error = (line: string) => {
      const parsed = parseCommandLine(line, commands, names);
      return parsed.ok ? '' : parsed.error;
    };
    expect(error('/nope')).toMatch(/No command \/nope\. Commands: .*\/news/);
    expect(error('/feed')).toMatch(/needs one of: add, list/);
    expect(error('/feed add channel:#ai-news topics:AI')).toBe('Missing required option: schedule');
    expect(error('/feed add channel:#nowhere topics:AI schedule:x')).toMatch(/no channel named "nowhere"/);
    expect(error('/news topic:AI count:two')).toMatch(/count must be a whole number/);
    expect(error('/news topic:AI colour:red')).toMatch(/has no option "colour"\. Options: topic \[count\]/);
    expect(error('/news topic:AI language:klingon')).toBe('language must be one of: English, Vietnamese');
  });

  it('accepts the bot\'s real commands: each one named alone parses or asks for what it needs', async () => {
    const real = commandBodies(await loadCommands()) as unknown as ApiCommand[];
    expect(real.length).toBeGreaterThan(0);
    for (const { name } of real) {
      const parsed = parseCommandLine(`/${name}`, real, names);
      if (!parsed.ok) expect(parsed.error).toMatch(/needs one of|Missing required option/);
    }
  });
});

describe('planSuggestions', () => {
  it('offers commands, then subcommands, then option names', () => {
    const labels = (line: string) => {
      const plan = planSuggestions(line, commands, names);
      return plan.kind === 'static' ? plan.items.map((i) => i.label) : [];
    };
    expect(labels('/ne')).toEqual(['/news']);
    expect(labels('/feed ')).toEqual(expect.arrayContaining(['add', 'list', 'remove']));
    expect(labels('/feed add channel:#ai-news ')).toEqual(expect.arrayContaining(['topics:', 'schedule:']));
    expect(labels('/feed add channel:#ai-news ')).not.toContain('channel:');
    expect(labels('/feed add channel:#a')).toEqual(['#ai-news']);
  });

  it('asks the bot for autocomplete with the typed value focused; a picked choice shows its name and is sent as its value', () => {
    const plan = planSuggestions('/news topic:ar', commands, names);
    expect(plan.kind).toBe('autocomplete');
    if (plan.kind !== 'autocomplete') return;
    expect(plan.invocation).toEqual({ name: 'news', options: [{ name: 'topic', options: [{ name: 'topic', value: 'ar', focused: true }] }] });
    expect(plan.complete([{ name: 'Artificial Intelligence (12)', value: 'Artificial Intelligence' }])).toEqual([
      {
        label: 'Artificial Intelligence (12)',
        line: '/news topic:"Artificial Intelligence (12)" ',
        choice: { shown: 'topic:"Artificial Intelligence (12)"', sent: 'topic:"Artificial Intelligence"' },
      },
    ]);
  });
});
