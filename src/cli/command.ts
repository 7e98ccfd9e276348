// The contract every `newsbot` subcommand implements. Subcommands live beside this file, one per file,
// and are listed (with their names and one-line summaries) in registry.ts.
import type { ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import type { EnvFileLoad } from '../config/env-file.ts';
import type { Style } from './terminal.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CliIO {
  /** Machine-readable result: with --json, the only thing written to stdout. */
  stdout: (text: string) => void;
  /** Human messages, warnings and errors. */
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The `.env` file read into `env` before the command ran, if there was one. */
  envFile?: EnvFileLoad;
  /** Colours for human output on stdout; none when absent (tests, pipes). */
  style?: Style;
}

export interface CliContext {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  json: boolean;
  /** --corpus values, or the default: `seeds/` plus CORPUS_DIRS. */
  corpusDirs: string[];
  io: CliIO;
  /** Prints `data` as JSON with --json, else `human(data, style)`. */
  emit: <T>(data: T, human: (data: T, style: Style) => string) => void;
}

export interface CliCommand {
  /** Usage line(s) and option help, shown by `newsbot <cmd> --help`. */
  help: string;
  options?: OptionSpec;
  /** Returns the process exit code. */
  run: (ctx: CliContext) => Promise<number>;
}

/** Exit codes of every subcommand (README, "The newsbot command line"). */
export const EXIT = {
  ok: 0,
  /** Something failed that is not the caller's input (a crash, an unreachable service). */
  failure: 1,
  /** Bad usage: an unknown command or option, a bad value, a missing folder or setting. */
  usage: 2,
  /** The article id or topic asked for is not in the corpus. */
  notFound: 3,
} as const;

/** A failure the user can fix: printed as-is, with this exit code. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** The id or topic asked for is not in the corpus. */
export class NotFoundError extends CliError {
  constructor(message: string) {
    super(message, EXIT.notFound);
  }
}

/** The environment validated, or a CliError listing every bad variable with its fix. */
export function configFrom(env: CliIO['env']): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}
