// Connection URLs carry passwords; everything that logs or displays one goes through here.

/** `redis://user:secret@host:6379/0` → `redis://user:***@host:6379/0`; a bare secret in the user slot is masked too. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL we can parse: mask anything that looks like credentials before an @.
    return url.replace(/\/\/[^/@]*@/, '//***@');
  }
  if (parsed.password) parsed.password = '***';
  else if (parsed.username) parsed.username = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass|secret|token|key/i.test(key)) parsed.searchParams.set(key, '***');
  }
  return parsed.toString();
}
