// What Discord checks before an application command reaches the bot: the options a user sends must match the
// registered definition (names, types, required, choices, min/max value, min/max length, channel types).
// Discord's client refuses to send anything else, so the bot never sees it; the local server refuses the same
// way, with Discord's form-error codes, so tests cannot drive the bot with values a real user could not send.
import { DiscordError } from './errors.ts';
import type { Json } from './types.ts';

export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

/** Discord's integer options are limited to the doubles that are exact integers. */
const INTEGER_LIMIT = 2 ** 53;

export interface OptionError {
  /** e.g. "options.0.options.1.value" */
  path: string;
  code: string;
  message: string;
  /** The option whose value is wrong, when it is one option's value. */
  option?: string;
}

type Mode = 'command' | 'autocomplete';

/** What the validation needs to know about the server's state. */
export interface World {
  channelType(id: string): number | undefined;
}

/** Thrown instead of dispatching: what a user would be stopped from sending. */
export class InvalidInvocationError extends DiscordError {
  readonly problems: OptionError[];

  constructor(command: string, problems: OptionError[]) {
    const errors: Json = {};
    for (const p of problems) {
      let node = errors;
      for (const part of p.path.split('.')) node = (node[part] ??= {}) as Json;
      node._errors = [...((node._errors as Json[] | undefined) ?? []), { code: p.code, message: p.message }];
    }
    super(400, 50035, `local-discord: Discord would not send /${command}: ${problems.map((p) => `${p.path}: ${p.message} (${p.code})`).join('; ')}`, errors);
    this.name = 'InvalidInvocationError';
    this.problems = problems;
  }
}

/**
 * Every way `options` (as they would be sent, typed) break the definitions `defs`. For autocomplete, the
 * focused option is partial text and required options may still be missing, so only names and types count.
 */
export function optionErrors(options: Json[], defs: Json[], mode: Mode, world: World, path = 'options'): OptionError[] {
  const found: OptionError[] = [];
  const add = (at: string, code: string, message: string) => found.push({ path: at, code, message });
  options.forEach((option, i) => {
    const at = `${path}.${i}`;
    const def = defs.find((d) => d.name === option.name);
    if (!def) return add(at, 'APPLICATION_COMMAND_OPTION_UNKNOWN', `No option named "${String(option.name)}".`);
    const type = Number(def.type);
    if (type === OptionType.Subcommand || type === OptionType.SubcommandGroup) {
      found.push(...optionErrors((option.options as Json[] | undefined) ?? [], (def.options as Json[] | undefined) ?? [], mode, world, `${at}.options`));
      return;
    }
    if (mode === 'autocomplete' && option.focused) return;
    found.push(...valueErrors(option.value, def, `${at}.value`, mode, world).map((error) => ({ ...error, option: String(option.name) })));
  });
  if (mode === 'command') {
    // A command with subcommands needs exactly one; plain options may be required.
    const hasSubcommands = defs.some((d) => d.type === OptionType.Subcommand || d.type === OptionType.SubcommandGroup);
    if (hasSubcommands && options.length !== 1) add(path, 'APPLICATION_COMMAND_SUBCOMMAND_REQUIRED', 'Pick exactly one subcommand.');
    for (const def of defs) {
      if (def.required === true && !options.some((o) => o.name === def.name)) add(path, 'BASE_TYPE_REQUIRED', `Option "${String(def.name)}" is required.`);
    }
  }
  return found;
}

function valueErrors(value: unknown, def: Json, at: string, mode: Mode, world: World): OptionError[] {
  const type = Number(def.type);
  const error = (code: string, message: string): OptionError[] => [{ path: at, code, message }];
  if (type === OptionType.String) {
    if (typeof value !== 'string') return error('BASE_TYPE_STRING', 'Must be a string.');
    // Discord counts characters (code points), not UTF-16 units.
    const length = [...value].length;
    if (typeof def.min_length === 'number' && length < def.min_length) return error('BASE_TYPE_MIN_LENGTH', `Must be ${def.min_length} or more in length.`);
    if (typeof def.max_length === 'number' && length > def.max_length) return error('BASE_TYPE_MAX_LENGTH', `Must be ${def.max_length} or fewer in length.`);
    // Discord's default cap on any string option.
    if (length > 6000) return error('BASE_TYPE_MAX_LENGTH', 'Must be 6000 or fewer in length.');
  } else if (type === OptionType.Integer || type === OptionType.Number) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return error('NUMBER_TYPE_COERCE', `Value "${String(value)}" is not a number.`);
    if (type === OptionType.Integer && (!Number.isInteger(value) || Math.abs(value) > INTEGER_LIMIT)) return error('NUMBER_TYPE_COERCE', `Value "${value}" is not int.`);
    if (typeof def.min_value === 'number' && value < def.min_value) return error('NUMBER_TYPE_MIN', `Int should be greater than or equal to ${def.min_value}.`);
    if (typeof def.max_value === 'number' && value > def.max_value) return error('NUMBER_TYPE_MAX', `Int should be less than or equal to ${def.max_value}.`);
  } else if (type === OptionType.Boolean) {
    if (typeof value !== 'boolean') return error('BASE_TYPE_BOOLEAN', 'Must be either true or false.');
  } else if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) {
    return error('SNOWFLAKE_TYPE_INVALID', `Value "${String(value)}" is not snowflake.`);
  } else if (type === OptionType.Channel && Array.isArray(def.channel_types) && mode === 'command') {
    // The picker only lists channels of the declared types.
    const channelType = world.channelType(value);
    if (channelType === undefined || !(def.channel_types as number[]).includes(channelType)) {
      return error('CHANNEL_TYPE_INVALID', `Channel type must be one of ${(def.channel_types as number[]).join(', ')}.`);
    }
  }
  const choices = def.choices as Json[] | undefined;
  if (mode === 'command' && choices?.length && !choices.some((c) => c.value === value)) {
    return error('BASE_TYPE_CHOICES', `Value must be one of ${choices.map((c) => JSON.stringify(c.value)).join(', ')}.`);
  }
  return [];
}
