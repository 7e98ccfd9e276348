// Discord-style rate limiting: a global per-second cap plus per-route buckets keyed by the
// route's major parameter, with the X-RateLimit-* headers clients use to pace themselves.
import { createHash } from 'node:crypto';

export interface BucketRule {
  count: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /** Requests per second across all routes (interaction endpoints are exempt, as on Discord). */
  globalPerSecond?: number;
  /** POST /channels/{channel_id}/messages, per channel. */
  perChannel?: BucketRule;
  /** Every other route, per route and major parameter. */
  perRoute?: BucketRule;
}

export type RateLimitVerdict =
  | { limited: false; headers: Record<string, string> }
  | { limited: true; headers: Record<string, string>; body: { message: string; retry_after: number; global: boolean } };

interface Window {
  startedAt: number;
  used: number;
}

const MESSAGE_ROUTE = 'POST /channels/{channel_id}/messages';

export class RateLimiter {
  readonly #global: number;
  readonly #perChannel: BucketRule;
  readonly #perRoute: BucketRule;
  readonly #windows = new Map<string, Window>();
  #globalWindow: Window = { startedAt: 0, used: 0 };

  constructor(opts: RateLimitOptions = {}) {
    this.#global = opts.globalPerSecond ?? 50;
    this.#perChannel = opts.perChannel ?? { count: 5, windowMs: 5000 };
    this.#perRoute = opts.perRoute ?? { count: 50, windowMs: 1000 };
  }

  /**
   * Counts one request. `majorId` is the route's major parameter (channel, guild or webhook id);
   * `exemptFromGlobal` is for interaction callbacks and webhooks with an interaction token.
   */
  take(method: string, route: string, majorId: string, exemptFromGlobal: boolean, now = Date.now()): RateLimitVerdict {
    const routeKey = `${method} ${route}`;
    const rule = routeKey === MESSAGE_ROUTE ? this.#perChannel : this.#perRoute;
    const bucketHash = createHash('sha1').update(routeKey).digest('hex').slice(0, 16);
    const window = this.#window(`${routeKey}:${majorId}`, rule.windowMs, now);
    const resetAt = window.startedAt + rule.windowMs;

    if (!exemptFromGlobal) {
      this.#globalWindow = now - this.#globalWindow.startedAt >= 1000 ? { startedAt: now, used: 0 } : this.#globalWindow;
      if (this.#globalWindow.used >= this.#global) {
        const retryAfter = (this.#globalWindow.startedAt + 1000 - now) / 1000;
        return {
          limited: true,
          headers: { 'Retry-After': seconds(retryAfter), 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' },
          body: { message: 'You are being rate limited.', retry_after: round3(retryAfter), global: true },
        };
      }
      this.#globalWindow.used++;
    }

    const limited = window.used >= rule.count;
    if (!limited) window.used++;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(rule.count),
      'X-RateLimit-Remaining': String(rule.count - window.used),
      'X-RateLimit-Reset': seconds(resetAt / 1000),
      'X-RateLimit-Reset-After': seconds((resetAt - now) / 1000),
      'X-RateLimit-Bucket': bucketHash,
    };
    if (!limited) return { limited: false, headers };
    const retryAfter = (resetAt - now) / 1000;
    return {
      limited: true,
      headers: { ...headers, 'Retry-After': seconds(retryAfter), 'X-RateLimit-Scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: round3(retryAfter), global: false },
    };
  }

  #window(key: string, windowMs: number, now: number): Window {
    let window = this.#windows.get(key);
    if (!window || now - window.startedAt >= windowMs) {
      window = { startedAt: now, used: 0 };
      this.#windows.set(key, window);
    }
    return window;
  }
}

function round3(n: number): number {
  return Math.max(0, Math.round(n * 1000) / 1000);
}

// Discord sends these as decimal seconds; clients multiply by 1000.
function seconds(n: number): string {
  return round3(n).toFixed(3);
}
