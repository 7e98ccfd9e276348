// The playground's composer speaks Discord's slash syntax: `/feed add channel:#ai topics:AI schedule:0 * * * *` (a
// value runs until the next option, or is quoted).
// This turns a typed line into the structured options an INTERACTION_CREATE carries, checked against the
// registered command definitions, and says what to suggest next (command, subcommand, option name or value).
import type { ApiCommand, Json, OptionInput } from '../local-discord/index.ts';

export const OptionType = {
  Subcommand: 1, SubcommandGroup: 2, String: 3, Integer: 4, Boolean: 5, User: 6, Channel: 7, Role: 8, Mentionable: 9, Number: 10,
} as const;

/** Option definition as registered (Discord's APIApplicationCommandOption, the fields read here). */
export interface OptionDef {
  name: string;
  type: number;
  description?: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number }[];
  options?: OptionDef[];
}

/** Names the guild knows, for `#channel`, `@role` and `@user` values. */
export interface NameDirectory {
  channel(name: string): string | undefined;
  role(name: string): string | undefined;
  user(name: string): string | undefined;
  /** Every name of a kind, for suggestions. */
  list(kind: 'channel' | 'role' | 'user'): string[];
}

export interface Invocation {
  name: string;
  options: OptionInput[];
}

export type Parsed = { ok: true; invocation: Invocation } | { ok: false; error: string };

interface Token {
  text: string;
  key?: string;
  value?: string;
}

/** Splits on spaces outside double quotes; `key:"a b"` becomes { key, value: 'a b' }. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /([^\s:"]+):(?:"([^"]*)"?|(\S*))|"([^"]*)"?|(\S+)/g;
  for (const m of line.matchAll(pattern)) {
    if (m[1] !== undefined) tokens.push({ text: m[0], key: m[1], value: m[2] ?? m[3] ?? '' });
    else tokens.push({ text: m[0], value: m[4] ?? m[5] ?? '' });
  }
  return tokens;
}

function describeOptions(defs: OptionDef[]): string {
  return defs.map((d) => (d.required ? d.name : `[${d.name}]`)).join(' ');
}

/** Walks `/name [group] [sub]`, returning the definitions the key:value tokens belong to. */
function walk(tokens: Token[], commands: ApiCommand[]): { command?: ApiCommand; path: string[]; defs: OptionDef[]; rest: Token[]; error?: string } {
  const head = tokens[0]?.value?.replace(/^\//, '') ?? '';
  const command = commands.find((c) => c.name === head.toLowerCase());
  if (!command) return { path: [], defs: [], rest: [], error: head ? `No command /${head}. Commands: ${commands.map((c) => `/${c.name}`).join(', ')}` : 'Type a command, e.g. /news topic:AI' };
  let defs = (command.options ?? []) as unknown as OptionDef[];
  const path: string[] = [];
  let i = 1;
  while (defs.some((d) => d.type === OptionType.Subcommand || d.type === OptionType.SubcommandGroup)) {
    const word = tokens[i];
    // Shorthand: `/news topic:AI` means `/news topic topic:AI` when the subcommand has an option of its own name.
    const shorthand = word?.key !== undefined ? defs.find((d) => d.name === word.key?.toLowerCase() && d.options?.some((o) => o.name === d.name)) : undefined;
    if (shorthand) {
      path.push(shorthand.name);
      defs = shorthand.options ?? [];
      continue;
    }
    const sub = word && word.key === undefined ? defs.find((d) => d.name === word.value?.toLowerCase()) : undefined;
    if (!sub) {
      const names = defs.map((d) => d.name).join(', ');
      return { command, path, defs, rest: [], error: `/${[command.name, ...path].join(' ')} needs one of: ${names}` };
    }
    path.push(sub.name);
    defs = sub.options ?? [];
    i++;
  }
  return { command, path, defs, rest: tokens.slice(i) };
}

function convert(def: OptionDef, raw: string, names: NameDirectory): { value: string | number | boolean } | { error: string } {
  if (def.choices?.length) {
    const choice = def.choices.find((c) => String(c.value).toLowerCase() === raw.toLowerCase() || c.name.toLowerCase() === raw.toLowerCase());
    return choice ? { value: choice.value } : { error: `${def.name} must be one of: ${def.choices.map((c) => c.name).join(', ')}` };
  }
  switch (def.type) {
    case OptionType.Integer:
    case OptionType.Number: {
      const n = Number(raw);
      const whole = def.type === OptionType.Integer;
      return raw !== '' && Number.isFinite(n) && (!whole || Number.isInteger(n)) ? { value: n } : { error: `${def.name} must be a ${whole ? 'whole ' : ''}number, got "${raw}"` };
    }
    case OptionType.Boolean:
      return /^(true|false)$/i.test(raw) ? { value: raw.toLowerCase() === 'true' } : { error: `${def.name} must be true or false` };
    case OptionType.Channel:
      return lookup(def.name, 'channel', raw.replace(/^<#(\d+)>$/, '$1').replace(/^#/, ''), names.channel);
    case OptionType.Role:
      return lookup(def.name, 'role', raw.replace(/^<@&(\d+)>$/, '$1').replace(/^@/, ''), names.role);
    case OptionType.User:
      return lookup(def.name, 'user', raw.replace(/^<@!?(\d+)>$/, '$1').replace(/^@/, ''), names.user);
    case OptionType.Mentionable: {
      const name = raw.replace(/^@/, '');
      const id = names.role(name) ?? names.user(name);
      return id ? { value: id } : { error: `${def.name}: no role or user named "${name}"` };
    }
    default:
      return { value: raw };
  }
}

function lookup(option: string, kind: string, name: string, find: (name: string) => string | undefined): { value: string } | { error: string } {
  const id = /^\d{17,20}$/.test(name) ? name : find(name);
  return id ? { value: id } : { error: `${option}: no ${kind} named "${name}"` };
}

function nest(path: string[], options: OptionInput[]): OptionInput[] {
  return path.reduceRight<OptionInput[]>((inner, name) => [{ name, options: inner }], options);
}

export function parseCommandLine(line: string, commands: ApiCommand[], names: NameDirectory): Parsed {
  const walked = walk(tokenize(line.trim()), commands);
  if (walked.error || !walked.command) return { ok: false, error: walked.error ?? 'Unknown command' };
  const given: { def: OptionDef; raw: string }[] = [];
  for (const token of walked.rest) {
    const def = walked.defs.find((d) => d.name === token.key?.toLowerCase());
    // As in Discord's composer, a value runs until the next option: `schedule:0 9 * * *`, `topics:AI, Cloud Computing`.
    const last = given.at(-1);
    if (!def && token.key === undefined && last) {
      last.raw += ` ${token.value ?? token.text}`;
      continue;
    }
    if (!def) {
      const usage = describeOptions(walked.defs) || '(no options)';
      return { ok: false, error: token.key ? `/${[walked.command.name, ...walked.path].join(' ')} has no option "${token.key}". Options: ${usage}` : `Write options as name:value ("${token.text}"). Options: ${usage}` };
    }
    given.push({ def, raw: token.value ?? '' });
  }
  const options: OptionInput[] = [];
  for (const { def, raw } of given) {
    const converted = convert(def, raw, names);
    if ('error' in converted) return { ok: false, error: converted.error };
    options.push({ name: def.name, value: converted.value });
  }
  const missing = walked.defs.filter((d) => d.required && !options.some((o) => o.name === d.name));
  if (missing.length) return { ok: false, error: `Missing required option${missing.length > 1 ? 's' : ''}: ${missing.map((d) => d.name).join(', ')}` };
  return { ok: true, invocation: { name: walked.command.name, options: nest(walked.path, options) } };
}

export interface Suggestion {
  label: string;
  description?: string;
  /** The whole line after picking this suggestion. */
  line: string;
  /**
   * A picked autocomplete choice: the line shows its name (as Discord's composer does) and the command is sent with
   * its value, so the page swaps the `shown` token for the `sent` one when it runs the line.
   */
  choice?: { shown: string; sent: string };
}

/** What to offer for the word being typed; `focused` is set when the bot's autocomplete must answer. */
export type SuggestPlan =
  | { kind: 'static'; items: Suggestion[] }
  | { kind: 'autocomplete'; invocation: Invocation; complete: (choices: Json[]) => Suggestion[] };

const quote = (value: string) => (/\s/.test(value) ? `"${value}"` : value);

export function planSuggestions(line: string, commands: ApiCommand[], names: NameDirectory): SuggestPlan {
  const trailingSpace = /\s$/.test(line);
  const tokens = tokenize(line);
  const typing = trailingSpace ? undefined : tokens.at(-1);
  const before = line.slice(0, typing ? line.length - typing.text.length : line.length);
  const done = typing ? tokens.slice(0, -1) : tokens;

  if (done.length === 0) {
    const prefix = (typing?.value ?? '').replace(/^\//, '').toLowerCase();
    return { kind: 'static', items: commands.filter((c) => c.name.startsWith(prefix)).map((c) => ({ label: `/${c.name}`, description: c.description, line: `/${c.name} ` })) };
  }
  let walked = walk(done, commands);
  if (walked.error && typing?.key !== undefined) {
    // The word being typed may itself pick the subcommand (the `/news topic:AI` shorthand).
    const withTyping = walk([...done, typing], commands);
    if (!withTyping.error && withTyping.rest.at(-1) === typing) walked = { ...withTyping, rest: withTyping.rest.slice(0, -1) };
  }
  if (!walked.command) return { kind: 'static', items: [] };
  if (walked.error) {
    // Still choosing a subcommand (or group).
    const prefix = typing?.key === undefined ? (typing?.value ?? '').toLowerCase() : '';
    return { kind: 'static', items: walked.defs.filter((d) => d.name.startsWith(prefix)).map((d) => ({ label: d.name, description: d.description, line: `${before}${d.name} ` })) };
  }
  const used = new Set(walked.rest.map((t) => t.key?.toLowerCase()));
  if (typing?.key === undefined) {
    const prefix = (typing?.value ?? '').toLowerCase();
    return {
      kind: 'static',
      items: walked.defs
        .filter((d) => !used.has(d.name) && d.name.startsWith(prefix))
        .map((d) => ({ label: `${d.name}:`, description: `${d.required ? '' : '(optional) '}${d.description ?? ''}`, line: `${before}${d.name}:` })),
    };
  }
  const def = walked.defs.find((d) => d.name === typing.key?.toLowerCase());
  if (!def) return { kind: 'static', items: [] };
  const typed = typing.value ?? '';
  const pick = (value: string, label: string, description?: string): Suggestion => ({ label, description, line: `${before}${def.name}:${quote(value)} ` });
  if (def.choices?.length) {
    // Fixed choices show their name, as in Discord; the parser maps a choice's name back to its value.
    return { kind: 'static', items: def.choices.filter((c) => c.name.toLowerCase().includes(typed.toLowerCase())).map((c) => pick(c.name, c.name)) };
  }
  if (def.autocomplete) {
    const options: OptionInput[] = [];
    for (const token of walked.rest) {
      const other = walked.defs.find((d) => d.name === token.key?.toLowerCase());
      const converted = other ? convert(other, token.value ?? '', names) : undefined;
      if (other && converted && !('error' in converted)) options.push({ name: other.name, value: converted.value });
    }
    options.push({ name: def.name, value: typed, focused: true });
    return {
      kind: 'autocomplete',
      invocation: { name: walked.command.name, options: nest(walked.path, options) },
      complete: (choices) => choices.map((c) => {
        const [name, value] = [String(c.name), String(c.value)];
        const item = pick(name, name);
        return name === value ? item : { ...item, choice: { shown: `${def.name}:${quote(name)}`, sent: `${def.name}:${quote(value)}` } };
      }),
    };
  }
  const kind = def.type === OptionType.Channel ? 'channel' : def.type === OptionType.Role ? 'role' : def.type === OptionType.User ? 'user' : undefined;
  if (kind) {
    const sigil = kind === 'channel' ? '#' : '@';
    const prefix = typed.replace(/^[#@]/, '').toLowerCase();
    return { kind: 'static', items: names.list(kind).filter((n) => n.toLowerCase().startsWith(prefix)).map((n) => pick(`${sigil}${n}`, `${sigil}${n}`)) };
  }
  if (def.type === OptionType.Boolean) return { kind: 'static', items: ['true', 'false'].filter((v) => v.startsWith(typed.toLowerCase())).map((v) => pick(v, v)) };
  return { kind: 'static', items: [] };
}
