// The bot's own check of a slash command's options against the command as this version declares it. Discord
// validates against the *registered* definition, which can be an older deploy's (no limits, other choices):
// so every command gets its declared limits enforced here, once for all, before its handler runs.
import {
  ApplicationCommandOptionType,
  type APIApplicationCommandOption,
  type CommandInteractionOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { echo } from './echo.ts';
import type { Translate } from './i18n.ts';

/**
 * The longest text each kind of string option takes, declared as its max_length. Long enough for any real
 * value (the longest IANA zone is 32 characters, a feed id 10), short enough that echoing it back fits a reply.
 */
export const TEXT_MAX = {
  topic: 100,
  topics: 300,
  query: 200,
  schedule: 100,
  timezone: 64,
  time: 5,
  feedId: 32,
  article: 200,
  path: 500,
} as const;

/** One option that breaks its declared limits, with what the user should send instead. */
export type OptionProblem =
  | { option: string; kind: 'required' }
  | { option: string; kind: 'range'; min?: number; max?: number; integer: boolean; value: number }
  | { option: string; kind: 'length'; min?: number; max?: number; length: number }
  | { option: string; kind: 'choice'; choices: string[]; value: string }
  /** A subcommand this version does not have (an older deploy's): its handler would take it for another. */
  | { option: string; kind: 'subcommand'; choices: string[] };

type Definition = Pick<APIApplicationCommandOption, 'name' | 'type'> & {
  required?: boolean;
  options?: Definition[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  choices?: { name: string; value: string | number }[];
};

const NESTING = new Set<number>([ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup]);

/**
 * Problems of the received `options` against `command`'s declared options; options it does not declare are
 * ignored, except a subcommand.
 */
export function optionProblems(command: RESTPostAPIChatInputApplicationCommandsJSONBody, options: readonly CommandInteractionOption[]): OptionProblem[] {
  return check((command.options ?? []) as Definition[], options);
}

function check(defs: Definition[], options: readonly CommandInteractionOption[]): OptionProblem[] {
  const problems: OptionProblem[] = [];
  for (const option of options) {
    const def = defs.find((d) => d.name === option.name);
    if (!def) {
      if (NESTING.has(option.type)) problems.push({ option: option.name, kind: 'subcommand', choices: defs.filter((d) => NESTING.has(d.type)).map((d) => d.name) });
      continue;
    }
    if (NESTING.has(def.type)) problems.push(...check(def.options ?? [], option.options ?? []));
    else {
      const problem = valueProblem(def, option.value);
      if (problem) problems.push(problem);
    }
  }
  // Required options only count at the level the user filled in (not in subcommands they did not pick).
  if (!defs.some((d) => NESTING.has(d.type))) {
    for (const def of defs) if (def.required && !options.some((o) => o.name === def.name)) problems.push({ option: def.name, kind: 'required' });
  }
  return problems;
}

function valueProblem(def: Definition, value: CommandInteractionOption['value']): OptionProblem | undefined {
  const option = def.name;
  if (typeof value === 'number') {
    const integer = def.type === ApplicationCommandOptionType.Integer;
    const inRange = Number.isFinite(value) && (!integer || Number.isInteger(value))
      && (def.min_value === undefined || value >= def.min_value) && (def.max_value === undefined || value <= def.max_value);
    if (!inRange) return { option, kind: 'range', min: def.min_value, max: def.max_value, integer, value };
  }
  if (typeof value === 'string' && def.type === ApplicationCommandOptionType.String) {
    const length = [...value].length;
    if ((def.min_length !== undefined && length < def.min_length) || (def.max_length !== undefined && length > def.max_length)) {
      return { option, kind: 'length', min: def.min_length, max: def.max_length, length };
    }
  }
  if (def.choices?.length && (typeof value === 'string' || typeof value === 'number') && !def.choices.some((c) => c.value === value)) {
    return { option, kind: 'choice', choices: def.choices.map((c) => String(c.value)), value: String(value) };
  }
  return undefined;
}

export function optionProblemText(problem: OptionProblem, tr: Translate): string {
  const { option } = problem;
  switch (problem.kind) {
    case 'required':
      return tr('option.required', { option });
    case 'range': {
      const { min, max, integer, value } = problem;
      const vars = { option, min: min ?? '', max: max ?? '', value: echo(String(value)) };
      if (min !== undefined && max !== undefined) return tr(integer ? 'problem.rangeInteger' : 'problem.rangeNumber', vars);
      return tr(min !== undefined ? 'option.atLeast' : 'option.atMost', vars);
    }
    case 'length': {
      const { min, max, length } = problem;
      return max !== undefined && length > max ? tr('option.tooLong', { option, max, length }) : tr('option.tooShort', { option, min: min ?? 0, length });
    }
    case 'choice':
      return tr('option.choice', { option, choices: problem.choices.map((c) => `\`${c}\``).join(', '), value: echo(problem.value) });
    case 'subcommand':
      return tr('option.subcommand', { option: echo(option), choices: problem.choices.map((c) => `\`${c}\``).join(', ') });
  }
}

/** The whole refusal: every problem at once, and how to go on. */
export function optionRefusal(command: string, problems: readonly OptionProblem[], tr: Translate): string {
  return tr('option.refused', { command, problems: problems.map((p) => `• ${optionProblemText(p, tr)}`).join('\n') });
}
