// Entry point of the `newsbot` CLI: picks the subcommand, parses the shared options, prints errors plainly.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { CliError, EXIT, type CliCommand, type CliContext, type CliIO } from './command.ts';
import { plain, stdoutStyle } from './terminal.ts';
import { closeMatches } from '../text/close-matches.ts';
import { corpusFolderPath } from '../sources/folder-path.ts';
import { commands, type CliEntry } from './registry.ts';
import { EnvFileError, loadEnvFile } from '../config/env-file.ts';

const SHARED_OPTIONS = {
  json: { type: 'boolean' },
  corpus: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** `seeds/` of the repository plus CORPUS_DIRS (comma- or path-separator-separated), each by the one path rule. */
export function defaultCorpusDirs(env: NodeJS.ProcessEnv, cwd: string): string[] {
  const extra = (env.CORPUS_DIRS ?? '').split(/[,:]/).filter((d) => d.trim());
  return [resolve(REPO_ROOT, 'seeds'), ...extra.map((d) => corpusFolderPath(d, cwd))];
}

function findCommand(argv: string[]): { entry: CliEntry; rest: string[] } | undefined {
  const byLength = [...commands].sort((a, b) => b.path.length - a.path.length);
  for (const entry of byLength) {
    if (entry.path.every((word, i) => argv[i] === word)) return { entry, rest: argv.slice(entry.path.length) };
  }
  return undefined;
}

export function overview(): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  const lines = commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return [
    'newsbot — a Discord news-feed bot and its operator tool',
    '',
    'Usage: newsbot <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options every command takes:',
    '  --json          print the result as JSON on stdout (nothing else goes there)',
    '  --corpus DIR    read articles from DIR (repeatable; default: seeds/ plus CORPUS_DIRS)',
    '  -h, --help      explain the command',
    '',
    'Run `newsbot <command> --help` for details.',
  ].join('\n');
}

/** `io` defaults to this process, whose `.env` (in the working directory) is read first. */
export async function main(argv: string[], given?: CliIO): Promise<number> {
  let io: CliIO;
  try {
    io = given ?? processIO();
  } catch (error) {
    if (!(error instanceof EnvFileError)) throw error;
    process.stderr.write(`newsbot: cannot read ${error.path}:\n${error.message}\nFix these lines (NAME=value) or remove the file.\n`);
    return 2;
  }
  const found = findCommand(argv);
  if (!found) {
    if (argv[0] === undefined || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.stdout(overview() + '\n');
      return EXIT.ok;
    }
    io.stderr(`newsbot: ${unknownCommand(argv)}\nRun \`newsbot --help\` for the list of commands.\n`);
    return EXIT.usage;
  }
  const { entry, rest } = found;
  const name = `newsbot ${entry.path.join(' ')}`;
  const command: CliCommand = await entry.load();
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...SHARED_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`${name}: ${argumentProblem(error as Error & { code?: string }, rest)}\nRun \`${name} --help\` for its options.\n`);
    return EXIT.usage;
  }
  const values = parsed.values as CliContext['values'];
  if (values.help) {
    io.stdout(`${command.help}\n`);
    return 0;
  }
  const json = values.json === true;
  const corpusFlags = values.corpus as string[] | undefined;
  const ctx: CliContext = {
    positionals: parsed.positionals,
    values,
    json,
    corpusDirs: corpusFlags?.length ? corpusFlags.map((d) => corpusFolderPath(d, io.cwd)) : defaultCorpusDirs(io.env, io.cwd),
    io,
    emit: (data, human) => io.stdout(json ? `${JSON.stringify(data, null, 2)}\n` : `${human(data, io.style ?? plain)}\n`),
  };
  try {
    return await command.run(ctx);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`${name}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

function processIO(): CliIO {
  const cwd = process.cwd();
  // Into process.env itself, so shard processes started by the manager inherit the settings too.
  const envFile = loadEnvFile(process.env, cwd);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd,
    style: stdoutStyle(),
    ...(envFile && { envFile }),
  };
}

/** What was typed that is not a command, with the command names it is close to. */
function unknownCommand(argv: string[]): string {
  const typed = argv.filter((word) => !word.startsWith('-')).slice(0, 2);
  const names = commands.map((c) => c.path.join(' '));
  const near = closeMatches(typed.join(' '), names).concat(closeMatches(typed[0] ?? '', names));
  const hint = near.length ? `; did you mean \`newsbot ${[...new Set(near)][0]}\`?` : '';
  const group = commands.some((c) => c.path.length > 1 && c.path[0] === typed[0]);
  return `unknown command "${group ? typed.join(' ') : argv[0]}"${hint}`;
}

/** parseArgs' messages, in the words of this CLI. */
function argumentProblem(error: Error & { code?: string }, args: string[]): string {
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? ''}`.trim();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      if (/does not take an argument/.test(error.message)) return `${option} takes no value`;
      // "--limit -3": the value looks like an option, or the value is missing at the end.
      const at = args.findIndex((arg) => arg === option || (option !== undefined && arg.startsWith(`${option}=`)));
      const next = at >= 0 ? args[at + 1] : undefined;
      return next?.startsWith('-')
        ? `${option} needs a value; to give one starting with "-", write ${option}=${next}`
        : `${option ?? 'an option'} needs a value`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument (${error.message})`;
    default:
      return error.message;
  }
}
