// Canonical URLs and the article id rule: the same story reached through a tracking link, another host
// casing or a #fragment is one article, with one id that survives edits and renames.
import { createHash } from 'node:crypto';

/** Query parameters that only say where a click came from. */
const TRACKING = /^(?:utm_.*|ref|ref_src|ref_url|referrer|source|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|mkt_tok|ocid|cmpid|spm)$/i;

/** The canonical form of an http(s) URL, or undefined when `raw` is not one. */
export function canonicalUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
  url.searchParams.sort();
  // URL already lowercases the host and drops default ports.
  return url.href;
}

/** The registrable-looking host of a URL without "www.", for a provider's domain. */
export function domainOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** The first 16 hex digits of SHA-256 of the parts, joined (fed one by one: no joined copy of a long body). */
function hash(...parts: string[]): string {
  const sha = createHash('sha256');
  for (const part of parts) sha.update(part);
  return sha.digest('hex').slice(0, 16);
}

/** Article id: a hash of the canonical URL, else of the title and body (already LF, NFC and trimmed). */
export function articleId(url: string | null, title: string, body: string): string {
  return url ? hash('url:', url) : hash('text:', title, '\n', body);
}
