// Credentials taken out of free text (log lines, error messages, replies): URL userinfo, Discord bot tokens,
// authorization values, interaction and webhook tokens in API paths, secret query parameters.
import { SECRET_PARAMETER } from '../storage/redact.ts';

export const REDACTED = '[Redacted]';

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
  // secrets passed as query parameters: any name holding pass, secret, token or key (api_key, apikey, access_token)
  [new RegExp(String.raw`([?&][^=&\s"'#]*${SECRET_PARAMETER}[^=&\s"'#]*=)[^&\s"'#]+`, 'gi'), `$1${REDACTED}`],
];

/** Removes credentials from any text: URL userinfo, bot tokens, auth headers, interaction and webhook tokens in URLs, secret query parameters. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SCRUBBERS) out = out.replace(pattern, replacement as (match: string, ...groups: string[]) => string);
  return out;
}
