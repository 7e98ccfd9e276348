// The REST side: match a spec path template, then faults → auth → rate limits → body →
// OpenAPI validation → handler, recording every request for assertions and benchmarks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DiscordError, errors } from './errors.ts';
import type { FaultInjector } from './faults.ts';
import type { OpenApiValidator, Violation } from './openapi-validator.ts';
import type { RateLimiter } from './rate-limits.ts';
import type { Json } from './types.ts';

export interface UploadedFile {
  field: string;
  filename: string;
  size: number;
  contentType: string;
}

export interface RequestContext {
  method: string;
  path: string;
  route: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** JSON body, or the parsed `payload_json` of a multipart body. */
  body: Json | Json[] | null;
  files: UploadedFile[];
}

export interface RouteResult {
  status?: number;
  /** Omitted → 204 No Content. */
  body?: unknown;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path template exactly as in Discord's OpenAPI spec, which is also how the validator finds the schema. */
  path: string;
  /** Interaction callbacks and interaction webhooks authenticate by their token in the URL. */
  auth?: 'bot' | 'none';
  handler: (ctx: RequestContext) => RouteResult | Promise<RouteResult>;
}

export interface RequestRecord {
  method: string;
  path: string;
  /** Matched spec template, or null for an unknown route. */
  route: string | null;
  status: number;
  /** Arrival time, ms since epoch. */
  at: number;
  durationMs: number;
}

export interface RouterDeps {
  token: string;
  validator: OpenApiValidator;
  rateLimiter: RateLimiter | null;
  faults: FaultInjector;
  log: (msg: string) => void;
}

interface CompiledRoute extends RouteDef {
  regex: RegExp;
  names: string[];
}

const API_PREFIX = /^\/api(?:\/v\d+)?(\/.*)$/;

export class RestRouter {
  readonly requests: RequestRecord[] = [];
  readonly violations: Violation[] = [];
  readonly #routes: CompiledRoute[];
  readonly #deps: RouterDeps;

  constructor(routes: RouteDef[], deps: RouterDeps) {
    this.#deps = deps;
    // Fewer parameters first, so /users/@me wins over /users/{user_id}.
    this.#routes = routes
      .map((r) => {
        const names: string[] = [];
        const pattern = r.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
        return { ...r, names, regex: new RegExp(`^${pattern}$`) };
      })
      .sort((a, b) => a.names.length - b.names.length);
  }

  /** Whether this request is for the REST API at all (other paths are left to the caller). */
  static isApiPath(url: string): boolean {
    return API_PREFIX.test(new URL(url, 'http://x').pathname);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://x');
    const path = API_PREFIX.exec(url.pathname)?.[1] ?? url.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const match = this.#match(method, path);
    const headers: Record<string, string> = {};
    let status: number;
    let body: unknown;
    try {
      const result = await this.#run(req, method, path, url.searchParams, match, headers);
      status = result.status ?? (result.body === undefined ? 204 : 200);
      body = result.body;
    } catch (err) {
      const e = err instanceof DiscordError ? err : internalError(err, this.#deps.log);
      status = e.status;
      body = e.toJSON();
    }
    // Recorded before answering, so a client that saw the response also sees the record.
    this.requests.push({ method, path, route: match?.route.path ?? null, status, at, durationMs: performance.now() - started });
    send(res, status, headers, body);
  }

  async #run(
    req: IncomingMessage,
    method: string,
    path: string,
    query: URLSearchParams,
    match: { route: CompiledRoute; params: Record<string, string> } | null,
    headers: Record<string, string>,
  ): Promise<RouteResult> {
    const fault = this.#deps.faults.take(method, path, match?.route.path ?? null);
    if (fault) {
      Object.assign(headers, fault.headers);
      return { status: fault.status, body: fault.body };
    }
    if (!match) throw errors.notFound();
    const { route, params } = match;
    if (route.auth !== 'none' && req.headers.authorization !== `Bot ${this.#deps.token}`) throw errors.unauthorized();

    if (this.#deps.rateLimiter) {
      const major = params.channel_id ?? params.guild_id ?? params.webhook_id ?? params.interaction_id ?? '';
      const verdict = this.#deps.rateLimiter.take(method, route.path, major, route.auth === 'none');
      Object.assign(headers, verdict.headers);
      if (verdict.limited) return { status: 429, body: verdict.body };
    }

    const { body, files } = await readBody(req);
    if (body !== null && this.#deps.validator.enabled) {
      const result = this.#deps.validator.validate(method, route.path, body);
      if (!result.ok) {
        this.violations.push({
          method,
          path,
          route: route.path,
          operationId: this.#deps.validator.operationId(method, route.path),
          body,
          errors: result.errors,
          at: Date.now(),
        });
        throw errors.invalidFormBody(result.discordErrors);
      }
    }
    return route.handler({ method, path, route: route.path, params, query, body, files });
  }

  #match(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | null {
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(path);
      if (!m) continue;
      const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
      return { route, params };
    }
    return null;
  }
}

async function readBody(req: IncomingMessage): Promise<{ body: Json | Json[] | null; files: UploadedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { body: null, files: [] };
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) return readMultipart(raw, type);
  try {
    return { body: JSON.parse(raw.toString('utf8')) as Json, files: [] };
  } catch {
    throw new DiscordError(400, 50109, 'The request body contains invalid JSON.');
  }
}

// Discord's multipart: a `payload_json` part plus `files[n]` parts.
async function readMultipart(raw: Buffer, contentType: string): Promise<{ body: Json | null; files: UploadedFile[] }> {
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const files: UploadedFile[] = [];
  let body: Json | null = null;
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value) as Json;
    } else {
      files.push({ field, filename: value.name, size: value.size, contentType: value.type || 'application/octet-stream' });
    }
  }
  return { body, files };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  if (body === undefined || status === 204) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

function internalError(err: unknown, log: (msg: string) => void): DiscordError {
  log(`local-discord: handler error: ${err instanceof Error ? err.stack : String(err)}`);
  return new DiscordError(500, 0, '500: Internal Server Error');
}
