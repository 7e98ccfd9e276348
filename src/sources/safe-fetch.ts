// Fetching a feed without letting the feed decide too much: http/https only, every address the host resolves
// to checked against private and loopback ranges at connect time (so a DNS answer that changes between check
// and connect cannot slip through, and a redirect to 127.0.0.1 is refused like a direct URL), redirects
// followed by hand and capped, a deadline for the whole fetch, a size cap on the decompressed body, and
// conditional GET (ETag / Last-Modified). node:http(s) rather than fetch: its `lookup` hook is where the
// connected address can be checked.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { redactUrl } from '../storage/redact.ts';

export interface SafeFetchOptions {
  etag?: string;
  lastModified?: string;
  /** Whole fetch, redirects included (default 15 s). */
  timeoutMs?: number;
  /** Decompressed body (default 5 MiB). */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Allow private, loopback and link-local addresses (SOURCES_ALLOW_PRIVATE; the tests' loopback feeds). */
  allowPrivate?: boolean;
  /** Which address literals are refused (default isPrivateAddress); tests narrow it to exercise redirects on loopback. */
  isBlocked?: (address: string) => boolean;
}

export const SAFE_FETCH_DEFAULTS = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 } as const;
const USER_AGENT = 'newsbot-feed-reader/1.0';

export type SafeFetchResult =
  | { status: 304; url: string }
  | { status: number; url: string; body: string; etag?: string; lastModified?: string };

export class FetchError extends Error {
  /** The HTTP status when the server answered with an error. */
  readonly status?: number;
  constructor(message: string, status?: number) {
    super(message);
    this.name = 'FetchError';
    this.status = status;
  }
}

/** Addresses a feed may not point at: loopback, private, link-local, CGNAT, multicast, unspecified, reserved. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 3],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['64:ff9b::', 96]] as const) PRIVATE.addSubnet(net, prefix, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  return family === 0 || PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that refuses hosts with any private address (all of them are checked, not just the first). */
function guardedLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const blocked = addresses.find((entry) => isPrivateAddress(entry.address));
    if (blocked) {
      const refused = Object.assign(new FetchError(`${hostname} resolves to ${blocked.address}, a private or loopback address (set SOURCES_ALLOW_PRIVATE=true to allow it)`), { code: 'EPRIVATE' });
      return callback(refused, []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

// Keep-alive: a poll cycle over many feeds on few hosts reuses connections.
const agents = {
  open: { http: new HttpAgent({ keepAlive: true, maxSockets: 16 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 16 }) },
  guarded: { http: new HttpAgent({ keepAlive: true, maxSockets: 16, lookup: guardedLookup as never }), https: new HttpsAgent({ keepAlive: true, maxSockets: 16, lookup: guardedLookup as never }) },
};

export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const { timeoutMs, maxBytes, maxRedirects } = { ...SAFE_FETCH_DEFAULTS, ...options };
  const signal = AbortSignal.timeout(timeoutMs);
  const visited = new Set<string>();
  let current = url;
  for (let hop = 0; ; hop++) {
    const target = parseHttpUrl(current);
    if (visited.has(target.href)) throw new FetchError(`redirect loop: ${redactUrl(target.href)} redirects back to itself`);
    visited.add(target.href);
    const response = await get(target, options, signal, timeoutMs);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && status !== 304) {
      response.resume();
      const location = response.headers.location;
      if (!location) throw new FetchError(`HTTP ${status} without a Location header`, status);
      if (hop >= maxRedirects) throw new FetchError(`more than ${maxRedirects} redirects (last to ${redactUrl(new URL(location, target).href)})`, status);
      current = new URL(location, target).href;
      continue;
    }
    if (status === 304) {
      response.resume();
      return { status: 304, url: target.href };
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new FetchError(`HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`, status);
    }
    const bytes = await readCapped(response, maxBytes, signal, timeoutMs);
    return {
      status,
      url: target.href,
      body: decode(bytes, response.headers['content-type']),
      etag: header(response, 'etag'),
      lastModified: header(response, 'last-modified'),
    };
  }
}

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchError(`${redactUrl(raw)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchError(`${url.protocol} URLs are not fetched (only http and https): ${redactUrl(url.href)}`);
  return url;
}

function get(url: URL, options: SafeFetchOptions, signal: AbortSignal, timeoutMs: number): Promise<IncomingMessage> {
  const https = url.protocol === 'https:';
  // An address literal is connected to without a lookup: checked here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && isIP(literal) && (options.isBlocked ?? isPrivateAddress)(literal)) {
    return Promise.reject(new FetchError(`${literal} is a private or loopback address (set SOURCES_ALLOW_PRIVATE=true to allow it)`));
  }
  const pool = options.allowPrivate ? agents.open : agents.guarded;
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  return new Promise((resolve, reject) => {
    const request = (https ? httpsRequest : httpRequest)(url, { headers, agent: https ? pool.https : pool.http, signal }, resolve);
    request.on('error', (error) => reject(fetchError(error, timeoutMs)));
    request.end();
  });
}

async function readCapped(response: IncomingMessage, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  if (!encoding && declared > maxBytes) {
    response.destroy();
    throw new FetchError(`feed larger than ${maxBytes} bytes (Content-Length ${declared})`);
  }
  const body: Readable = encoding === 'gzip' || encoding === 'x-gzip' ? response.pipe(createGunzip()) : encoding === 'deflate' ? response.pipe(createInflate()) : encoding === 'br' ? response.pipe(createBrotliDecompress()) : response;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw new FetchError(`feed larger than ${maxBytes} bytes`);
      if (signal.aborted) throw signal.reason;
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    response.destroy();
    throw fetchError(error as Error, timeoutMs);
  }
  return Buffer.concat(chunks);
}

function fetchError(error: Error, timeoutMs: number): FetchError {
  if (error instanceof FetchError) return error;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return new FetchError(`no complete answer within ${timeoutMs} ms`);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof FetchError) return cause;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR__ERROR_FORMAT_PADDING_1') return new FetchError(`the compressed body is corrupt (${error.message})`);
  return new FetchError(code ? `${code}: ${error.message}` : error.message);
}

function header(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return typeof value === 'string' && value ? value : undefined;
}

/** The body as text: the charset from Content-Type, else the XML declaration's encoding, else UTF-8. */
function decode(bytes: Buffer, contentType: string | undefined): string {
  const declared = /charset="?([\w-]+)/i.exec(contentType ?? '')?.[1] ?? /^<\?xml[^>]*encoding=["']([\w-]+)/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
