// Structured logs (pino) that never carry a token or a secret-bearing URL.
// Two layers: pino's path redaction for fields we know are secret, and a scrub of every written line
// for secrets that hide inside free text (error messages, URLs, stack traces).
import { pino, type DestinationStream, type Logger as PinoLogger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';
import picocolors from 'picocolors';

export type Logger = PinoLogger;

export interface LoggerOptions {
  /** pino level; LOG_LEVEL in the environment. Default "info". */
  level?: LevelWithSilent | string;
  /** Where lines go; default stdout. Tests pass a collector. */
  destination?: DestinationStream;
  /** Fields bound to every line (e.g. { shard: 0 }). */
  base?: Record<string, unknown>;
  /** LOG_FORMAT: "auto" (default) is readable lines when stdout is a terminal, JSON lines otherwise. */
  format?: 'auto' | 'pretty' | 'json';
}

const SECRET_KEYS = ['token', 'authorization', 'password', 'secret', 'apiKey', 'DISCORD_TOKEN'];

/** pino redact paths: the secret keys at the top level, one level down, and in request headers. */
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.cookie',
];

const REDACTED = '[Redacted]';

// Lines are scrubbed as JSON text, where "\n" or "\u001b" sits right before the next word. A plain \b would let a
// match start on the escape's letter, and "\[Redacted]" is not valid JSON; so a word starts after a character that
// is not part of a word, unless that character opens an escape (an odd run of backslashes), or right after an escape.
const ODD_BACKSLASHES = String.raw`(?:^|[^\\])\\(?:\\\\)*`;
const ESCAPE_LETTERS = String.raw`(?:[nrtbf]|u[0-9A-Fa-f]{4})`;
const WORD_START = String.raw`(?:(?<![\w-])(?!(?<=${ODD_BACKSLASHES})${ESCAPE_LETTERS})|(?<=${ODD_BACKSLASHES}${ESCAPE_LETTERS}))`;

/**
 * scheme://user:pass@host → scheme://[Redacted]@host (redis://, postgres://, https://…). Up to the last `@` of the
 * word, since passwords hold `/` and `@` unencoded; only a web URL whose `@` sits in its path
 * (https://medium.com/@author) is left alone.
 */
function scrubUserinfo(match: string, scheme: string, userinfo: string): string {
  const slash = userinfo.indexOf('/');
  const colon = userinfo.indexOf(':');
  const atInPath = /^https?:\/\/$/i.test(scheme) && slash >= 0 && (colon < 0 || slash < colon);
  return atInPath ? match : `${scheme}${REDACTED}@`;
}

const SCRUBBERS: [RegExp, string | ((match: string, ...groups: string[]) => string)][] = [
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^\s"'<>]*)@/gi, scrubUserinfo],
  // Discord bot tokens: base64 user id . timestamp . HMAC
  [new RegExp(String.raw`${WORD_START}[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}\b`, 'g'), REDACTED],
  // "Bot <token>" / "Bearer <token>" authorization values
  [new RegExp(String.raw`${WORD_START}(Bot|Bearer)\s+[\w.~+/=-]{16,}`, 'g'), `$1 ${REDACTED}`],
  // interaction and webhook tokens in Discord API paths (discord.js errors carry the request URL): whoever holds one
  // can answer as the bot for 15 minutes. /interactions/<id>/<token>/… and /webhooks/<application id>/<token>/…
  [/(\/(?:interactions|webhooks)\/\d+\/)[^/?\s"'\\]+/g, `$1${REDACTED}`],
  // secrets passed as query parameters
  [/([?&](?:token|access_token|password|secret|key)=)[^&\s"'#]+/gi, `$1${REDACTED}`],
];

/** Removes credentials from any text: URL userinfo, bot tokens, auth headers, interaction and webhook tokens in URLs, secret query parameters. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SCRUBBERS) out = out.replace(pattern, replacement as (match: string, ...groups: string[]) => string);
  return out;
}

/** A destination that scrubs every line before passing it on. */
function scrubbing(destination: DestinationStream): DestinationStream {
  return { write: (line: string) => destination.write(scrubSecrets(line)) };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? {},
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    scrubbing(options.destination ?? stdoutDestination(options.format ?? 'auto')),
  );
}

/** JSON lines for machines; for a person at a terminal, pino-pretty's lines (coloured unless NO_COLOR). */
function stdoutDestination(format: 'auto' | 'pretty' | 'json'): DestinationStream {
  const readable = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
  if (!readable) return pino.destination({ dest: 1, sync: true });
  return pretty({ colorize: picocolors.isColorSupported, sync: true, destination: 1, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' });
}
