// Connection URLs carry passwords; everything that logs or displays one goes through here.
// Never by parsing: real passwords hold `/`, `@`, `?`, `#` unencoded, which URL parsing rejects or splits in the
// wrong place. Whatever lies between `scheme://` and the last `@` is credentials; when unsure, mask more.

const MASK = '***';
/** A query parameter whose name holds one of these carries a secret (api_key, access_token, client_secret …): the log scrubber's rule too. */
export const SECRET_PARAMETER = '(?:pass|secret|token|key)';
const SECRET_QUERY = new RegExp(`([?&][^=&#]*${SECRET_PARAMETER}[^=&#]*=)[^&#]*`, 'gi');

/** `redis://user:secret@host:6379/0` → `redis://user:***@host:6379/0`; a bare secret in the user slot is masked too. */
export function redactUrl(url: string): string {
  const start = url.indexOf('://') + 3;
  const at = url.lastIndexOf('@');
  let out = url;
  if (start >= 3 && at >= start) {
    const userinfo = url.slice(start, at);
    const colon = userinfo.indexOf(':');
    // A plain user name before the colon stays readable; anything else (a token as user) is all secret.
    const user = colon > 0 && /^[\w.~%+-]+$/.test(userinfo.slice(0, colon)) ? `${userinfo.slice(0, colon)}:` : colon === 0 ? ':' : '';
    out = `${url.slice(0, start)}${user}${MASK}${url.slice(at)}`;
  }
  return out.replace(SECRET_QUERY, `$1${MASK}`);
}
