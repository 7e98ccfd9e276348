// Who may drive the playground: it acts as the demo server's owner, so only the person who started it. A
// per-start key travels in the printed link once and becomes an HttpOnly, SameSite=Strict cookie; the Host
// must be a loopback name (or the configured host), which defeats DNS rebinding; an Origin, when sent, must be
// the page's own (SameSite alone lets another port of the same machine through); requests with a body must be
// JSON, which a cross-site form cannot send. Pure checks over the request headers, used by server.ts.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
/** Addresses that mean "every interface": no name to accept besides loopback. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

export interface RequestGuard {
  /** The per-start key (goes in the printed link). */
  key: string;
  /** `Set-Cookie` value that hands the key to the browser. */
  cookie: string;
  /** Why a request to this server is refused (status and message), or undefined when it may go on. */
  refuseHost(headers: IncomingHttpHeaders): Refusal | undefined;
  /** Whether `token` (from the link) is the key. */
  isKey(token: string | null): boolean;
  /** Why an API request is refused, or undefined when it comes from the owner's page. */
  refuseCaller(method: string, headers: IncomingHttpHeaders): Refusal | undefined;
  /** Whether the request carries the key cookie. */
  hasKeyCookie(headers: IncomingHttpHeaders): boolean;
}

export interface Refusal {
  status: number;
  message: string;
}

export const OPEN_THE_LINK = 'Open the link newsbot printed when it started (it carries this run\'s key)';

export function createRequestGuard(options: { port: number; host: string }): RequestGuard {
  const key = randomBytes(24).toString('base64url');
  // Cookies are shared by every port of a host: one name per port, so two playgrounds do not overwrite each other.
  const cookieName = `newsbot_playground_${options.port}`;
  const configured = options.host.toLowerCase();
  const names = new Set(WILDCARD_HOSTS.has(configured) ? LOOPBACK_NAMES : [...LOOPBACK_NAMES, configured.includes(':') ? `[${configured}]` : configured]);
  const matches = (candidate: string) => {
    const a = Buffer.from(candidate);
    const b = Buffer.from(key);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const hasKeyCookie = (headers: IncomingHttpHeaders) =>
    (headers.cookie ?? '').split(';').some((pair) => {
      const [name, ...value] = pair.trim().split('=');
      return name === cookieName && matches(value.join('='));
    });

  return {
    key,
    cookie: `${cookieName}=${key}; HttpOnly; SameSite=Strict; Path=/`,
    refuseHost(headers) {
      const name = hostnameOf(headers.host);
      if (name !== undefined && names.has(name)) return undefined;
      return { status: 403, message: `Unknown host ${JSON.stringify(headers.host ?? '')}: open the playground at localhost or ${options.host}` };
    },
    isKey: (token) => token !== null && matches(token),
    hasKeyCookie,
    refuseCaller(method, headers) {
      const origin = headers.origin;
      if (origin !== undefined && hostOf(origin) !== headers.host?.toLowerCase()) {
        return { status: 403, message: `Cross-origin request from ${origin} refused: the playground only answers its own page` };
      }
      if (!hasKeyCookie(headers)) return { status: 401, message: OPEN_THE_LINK };
      if (method !== 'GET' && method !== 'HEAD' && !/^application\/json\s*(;|$)/i.test(headers['content-type'] ?? '')) {
        return { status: 415, message: 'Send JSON (content-type: application/json)' };
      }
      return undefined;
    },
  };
}

function hostnameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** `host:port` of an Origin header; undefined for `null` or garbage. */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}
