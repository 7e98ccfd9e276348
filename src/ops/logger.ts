// Structured logs (pino) that never carry a token or a secret-bearing URL.
// Two layers: pino's path redaction for fields we know are secret, and a scrub of every written line
// for secrets that hide inside free text (error messages, URLs, stack traces).
import { pino, type DestinationStream, type Logger as PinoLogger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';
import picocolors from 'picocolors';
import { REDACTED, scrubSecrets } from './scrub-secrets.ts';

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
