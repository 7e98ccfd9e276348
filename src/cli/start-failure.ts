// Why `newsbot start` could not start, when it is the user's to fix: one line naming the setting (exit 2), or
// the network (exit 1), instead of a stack trace. Anything else is a bug and keeps its stack.
import { CorpusDirectoryError } from '../corpus/files.ts';
import { TaxonomyError } from '../corpus/taxonomy.ts';
import { SourcesFileError } from '../sources/feed-config.ts';
import { StoreError } from '../storage/open-store.ts';
import { CliError, EXIT } from './command.ts';

/** Codes of a connection that failed: Discord's API could not be reached at all. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** `error` as the CliError that says what to fix, or as it is. */
export function startFailure(error: unknown, discordApiUrl: string): unknown {
  // Their messages name the setting already (KEYV_URL, DATA_DIR, SOURCES_FILE, TOPICS_FILE).
  if (error instanceof StoreError || error instanceof SourcesFileError || error instanceof TaxonomyError) return new CliError(error.message);
  if (error instanceof CorpusDirectoryError) return new CliError(`${error.message}; fix the folder or remove it from CORPUS_DIRS (or --corpus)`);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'TokenInvalid') return new CliError('Discord refused DISCORD_TOKEN; copy it again from the Developer Portal, Bot page, "Reset Token"');
  if (typeof code === 'string' && UNREACHABLE.has(code)) {
    return new CliError(`cannot reach Discord at ${discordApiUrl}: ${(error as Error).message}; check the network (and DISCORD_API_URL, if set)`, EXIT.failure);
  }
  return error;
}
