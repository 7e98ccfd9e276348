// The contract every `newsbot` subcommand implements. Subcommands live beside this file, one per file,
// and are listed (with their names and one-line summaries) in registry.ts.
import type { ParseArgsConfig } from 'node:util';
import type { EnvFileLoad } from '../config/env-file.ts';

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
}

export interface CliContext {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  json: boolean;
  /** --corpus values, or the default: `seeds/` plus CORPUS_DIRS. */
  corpusDirs: string[];
  io: CliIO;
  /** Prints `data` as JSON with --json, else `human(data)`. */
  emit: <T>(data: T, human: (data: T) => string) => void;
}

export interface CliCommand {
  /** Usage line(s) and option help, shown by `newsbot <cmd> --help`. */
  help: string;
  options?: OptionSpec;
  /** Returns the process exit code. */
  run: (ctx: CliContext) => Promise<number>;
}

/** A failure the user can fix: printed as-is, with this exit code. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}
