// Errors from discord.js carry the request URL, and interaction callbacks and follow-ups put the interaction
// token in it. The logger scrubs every line already; errors go through this too, so they are safe to log
// with any logger. One scrubber for both: src/ops/scrub-secrets.ts.
import { pino } from 'pino';
import { scrubSecrets } from '../ops/scrub-secrets.ts';

/** The error as pino would log it, with tokens and credentials cut out of every string in it. */
export function safeError(error: unknown): unknown {
  const serialized = error instanceof Error ? pino.stdSerializers.err(error) : error;
  // Scrubbed string by string: scrubbing the JSON text could cut an escape sequence in half.
  return JSON.parse(JSON.stringify(serialized ?? null), (_key, value: unknown) => (typeof value === 'string' ? scrubSecrets(value) : value)) as unknown;
}
