// The `.env` file the README tells operators to write. Node's own loader (process.loadEnvFile) skips a line it
// cannot read without a word, so a typo silently drops a setting; this one names the line instead.
// Variables already in the environment win over the file, as with `node --env-file` and dotenv.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface EnvFileProblem {
  line: number;
  message: string;
}

export class EnvFileError extends Error {
  readonly path: string;
  readonly problems: EnvFileProblem[];

  constructor(path: string, problems: EnvFileProblem[]) {
    super(problems.map((problem) => `${path}:${problem.line}: ${problem.message}`).join('\n'));
    this.path = path;
    this.problems = problems;
  }
}

/** What was read: the file and the names it set (never the values: they may be secrets). */
export interface EnvFileLoad {
  path: string;
  /** Names set from the file (those already in the environment are left as they were). */
  applied: string[];
  /** Names the file gives that the environment already had. */
  overridden: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Parses `NAME=value` lines: `#` comments, optional `export `, '…' literal, "…" with \n escapes, unquoted trimmed. */
export function parseEnvFile(text: string): { values: Map<string, string>; problems: EnvFileProblem[] } {
  const values = new Map<string, string>();
  const problems: EnvFileProblem[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const statement = trimmed.replace(/^export\s+/, '');
    const equals = statement.indexOf('=');
    if (equals < 0) {
      problems.push({ line, message: 'expected NAME=value (no "=" on this line)' });
      return;
    }
    const name = statement.slice(0, equals).trim();
    if (!NAME.test(name)) {
      problems.push({ line, message: `"${name.slice(0, 40)}" is not a variable name (letters, digits and _, not starting with a digit)` });
      return;
    }
    const value = parseValue(statement.slice(equals + 1).trim());
    if (value === undefined) problems.push({ line, message: `the value of ${name} opens a quote that does not close on this line` });
    else values.set(name, value);
  });
  return { values, problems };
}

function parseValue(text: string): string | undefined {
  const quote = text[0];
  if (quote !== '"' && quote !== "'") return text.replace(/\s+#.*$/, '');
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === quote) return /^\s*(#.*)?$/.test(text.slice(i + 1)) ? value : undefined;
    if (ch === '\\' && quote === '"' && i + 1 < text.length) value += ESCAPES[text[++i]!] ?? `\\${text[i]}`;
    else value += ch;
  }
  return undefined;
}

/**
 * Reads `file` (default `.env` in `cwd`) into `env` when it exists. Throws EnvFileError naming every bad line;
 * returns undefined when there is no file.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv, cwd: string, file = '.env'): EnvFileLoad | undefined {
  const path = resolve(cwd, file);
  if (!existsSync(path)) return undefined;
  const { values, problems } = parseEnvFile(readFileSync(path, 'utf8'));
  if (problems.length > 0) throw new EnvFileError(path, problems);
  const applied: string[] = [];
  const overridden: string[] = [];
  for (const [name, value] of values) {
    if (env[name] !== undefined) overridden.push(name);
    else {
      env[name] = value;
      applied.push(name);
    }
  }
  return { path, applied, overridden };
}

/** One start-up line saying which file was read and which names it set: never a value. */
export function logEnvFile(log: { info(fields: object, message: string): void }, load: EnvFileLoad | undefined): void {
  if (load) log.info({ file: load.path, set: load.applied, keptFromEnvironment: load.overridden }, `read settings from ${load.path}`);
}
