// Errors from discord.js carry the request URL, and interaction callbacks and follow-ups put the interaction
// token in it: whoever holds it can answer as the bot for 15 minutes. Errors are logged through this.
import { pino } from 'pino';

/** /interactions/<id>/<token>/… and /webhooks/<application id>/<token>/… */
const TOKEN_IN_URL = /(\/(?:interactions|webhooks)\/\d+\/)[^/?\s"\\]+/g;

/** The error as pino would log it, with interaction and webhook tokens cut out of every string in it. */
export function safeError(error: unknown): unknown {
  const serialized = error instanceof Error ? pino.stdSerializers.err(error) : error;
  const json = JSON.stringify(serialized ?? null);
  return JSON.parse(json.replace(TOKEN_IN_URL, '$1[Redacted]')) as unknown;
}
