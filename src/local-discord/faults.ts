// Test-driven failures: the next N requests matching a route answer 429 or 5xx without side effects.
export interface FaultSpec {
  /** A spec path template ('/channels/{channel_id}/messages'), a concrete path, or a RegExp on the path. */
  route: string | RegExp;
  method?: string;
  /** How many matching requests fail (default 1). */
  count?: number;
}

export interface Fault {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface Armed extends Required<Omit<FaultSpec, 'method'>> {
  method: string | undefined;
  make: () => Fault;
}

export class FaultInjector {
  #armed: Armed[] = [];

  /** The next matching requests answer 429 with `retry_after` (default 50 ms, scope user or global). */
  inject429(spec: FaultSpec & { retryAfterMs?: number; global?: boolean }): void {
    const retryAfter = (spec.retryAfterMs ?? 50) / 1000;
    const global = spec.global === true;
    this.#arm(spec, () => ({
      status: 429,
      headers: {
        'Retry-After': retryAfter.toFixed(3),
        'X-RateLimit-Scope': global ? 'global' : 'user',
        ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
      },
      body: { message: 'You are being rate limited.', retry_after: retryAfter, global },
    }));
  }

  /** The next matching requests answer a server error (default 500). */
  inject5xx(spec: FaultSpec & { status?: number }): void {
    const status = spec.status ?? 500;
    this.#arm(spec, () => ({ status, headers: {}, body: { message: `${status}: Injected server error`, code: 0 } }));
  }

  /** Consumes one armed fault matching this request, if any. */
  take(method: string, path: string, route: string | null): Fault | null {
    const armed = this.#armed.find(
      (a) =>
        (!a.method || a.method.toUpperCase() === method) &&
        (a.route instanceof RegExp ? a.route.test(path) : a.route === path || a.route === route),
    );
    if (!armed) return null;
    if (--armed.count <= 0) this.#armed = this.#armed.filter((a) => a !== armed);
    return armed.make();
  }

  get pending(): number {
    return this.#armed.reduce((n, a) => n + a.count, 0);
  }

  clear(): void {
    this.#armed = [];
  }

  #arm(spec: FaultSpec, make: () => Fault): void {
    this.#armed.push({ route: spec.route, method: spec.method, count: spec.count ?? 1, make });
  }
}
