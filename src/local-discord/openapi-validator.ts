// Validates request bodies against Discord's official OpenAPI 3.1 spec, one operation at a time.
// The spec (~1.2 MB) is read and each operation's schema compiled on first use, then cached.
import { existsSync, readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import type { Json } from './types.ts';

// ajv-formats is CommonJS: under ESM the plugin is module.exports, which also carries itself as `.default`.
const addFormats = ajvFormats.default;

const SPEC_ID = 'discord-openapi';

export interface Violation {
  method: string;
  path: string;
  /** The spec's path template, e.g. /channels/{channel_id}/messages */
  route: string;
  operationId: string | undefined;
  body: unknown;
  errors: Array<{ path: string; keyword: string; message: string }>;
  at: number;
}

export type ValidationResult = { ok: true } | { ok: false; discordErrors: Json; errors: Violation['errors'] };

interface Spec {
  components?: unknown;
  paths: Record<string, Record<string, { operationId?: string; requestBody?: { content?: Record<string, unknown> } }>>;
}

export class OpenApiValidator {
  readonly specPath: string | null;

  constructor(specPath: string | undefined, log: (msg: string) => void) {
    this.specPath = specPath && existsSync(specPath) ? specPath : null;
    if (!this.specPath) log(`local-discord: OpenAPI spec not found (${specPath ?? 'no path'}); request bodies are not validated`);
  }

  get enabled(): boolean {
    return this.specPath !== null;
  }

  /** Wall time this process has spent reading the spec and compiling schemas. */
  get loadMs(): number {
    return this.specPath ? (CompiledSpec.loaded.get(this.specPath)?.loadMs ?? 0) : 0;
  }

  operationId(method: string, route: string): string | undefined {
    return this.#spec()?.operationId(method.toLowerCase(), route);
  }

  validate(method: string, route: string, body: unknown): ValidationResult {
    const validate = this.#spec()?.validator(method.toLowerCase(), route);
    if (!validate || validate(body)) return { ok: true };
    const picked = pickErrors(validate.errors ?? []);
    return { ok: false, discordErrors: toDiscordErrors(picked), errors: picked.map(describe) };
  }

  #spec(): CompiledSpec | null {
    return this.specPath ? CompiledSpec.get(this.specPath) : null;
  }
}

/** One per spec file and process: every server (and test) shares parsing and compiled schemas. */
class CompiledSpec {
  static readonly loaded = new Map<string, CompiledSpec>();
  readonly #spec: Spec;
  readonly #ajv: Ajv2020;
  readonly #compiled = new Map<string, ValidateFunction | null>();
  loadMs = 0;

  static get(path: string): CompiledSpec {
    let compiled = CompiledSpec.loaded.get(path);
    if (!compiled) CompiledSpec.loaded.set(path, (compiled = new CompiledSpec(path)));
    return compiled;
  }

  private constructor(path: string) {
    const started = performance.now();
    this.#spec = JSON.parse(readFileSync(path, 'utf8')) as Spec;
    acceptStringBitfields(this.#spec.components);
    // strict: false because the spec carries vendor keywords (x-discord-union) and OpenAPI-isms.
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.#ajv);
    // Discord-specific formats: the schemas already constrain these with patterns/types.
    for (const format of ['snowflake', 'nonce']) this.#ajv.addFormat(format, true);
    this.#ajv.addSchema({ $id: SPEC_ID, components: this.#spec.components });
    this.loadMs += performance.now() - started;
  }

  operationId(method: string, route: string): string | undefined {
    return this.#spec.paths[route]?.[method]?.operationId;
  }

  validator(method: string, route: string): ValidateFunction | null {
    const key = `${method} ${route}`;
    const cached = this.#compiled.get(key);
    if (cached !== undefined) return cached;
    const schema = this.#spec.paths[route]?.[method]?.requestBody?.content?.['application/json'] as { schema: unknown } | undefined;
    let fn: ValidateFunction | null = null;
    if (schema) {
      const started = performance.now();
      // Point the operation's local refs (#/components/...) at the registered spec document.
      const rebased = JSON.parse(JSON.stringify(schema.schema).replaceAll('"#/components/', `"${SPEC_ID}#/components/`)) as object;
      fn = this.#ajv.compile(rebased);
      this.loadMs += performance.now() - started;
    }
    this.#compiled.set(key, fn);
    return fn;
  }
}

/**
 * Permission bitfields (default_member_permissions…) are integers up to 2^54 in the spec, but
 * Discord documents and clients send them as strings; accept a digit string there too.
 */
function acceptStringBitfields(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(acceptStringBitfields);
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  const types = [schema.type].flat();
  if (types.includes('integer') && Number(schema.maximum) > Number.MAX_SAFE_INTEGER) {
    const integer = { ...schema };
    for (const key of Object.keys(schema)) delete schema[key];
    schema.anyOf = [integer, { type: 'string', pattern: '^[0-9]+$' }];
    return;
  }
  Object.values(schema).forEach(acceptStringBitfields);
}

function segments(e: ErrorObject): string[] {
  const parts = e.instancePath.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (e.keyword === 'required') parts.push(String(e.params.missingProperty));
  return parts;
}

/**
 * Unions (anyOf/oneOf) report every branch's failure; the deepest errors are the ones a
 * human wants (embeds.0.title too long, not "type must be 8").
 */
function pickErrors(all: ErrorObject[]): ErrorObject[] {
  const concrete = all.filter((e) => !['anyOf', 'oneOf', 'allOf', 'if', 'not'].includes(e.keyword));
  const pool = concrete.length ? concrete : all;
  const depth = Math.max(...pool.map((e) => segments(e).length));
  const seen = new Set<string>();
  return pool.filter((e) => {
    const key = `${segments(e).join('.')}|${e.keyword}`;
    if (segments(e).length !== depth || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describe(e: ErrorObject): Violation['errors'][number] {
  return { path: segments(e).join('.') || '(body)', keyword: e.keyword, message: e.message ?? e.keyword };
}

// Discord's own error codes for the common schema failures.
function discordError(e: ErrorObject): { code: string; message: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'maxLength':
    case 'maxItems':
      return { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${p.limit} or fewer in length.` };
    case 'minLength':
    case 'minItems':
      return { code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${p.limit} or more in length.` };
    case 'required':
      return { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
    case 'enum':
    case 'const':
      return { code: 'BASE_TYPE_CHOICES', message: `Value must be one of ${JSON.stringify(p.allowedValues ?? [p.allowedValue])}.` };
    case 'maximum':
      return { code: 'NUMBER_TYPE_MAX', message: `Value should be less than or equal to ${p.limit}.` };
    case 'minimum':
      return { code: 'NUMBER_TYPE_MIN', message: `Value should be greater than or equal to ${p.limit}.` };
    case 'type':
      return { code: `${String(p.type).toUpperCase().replace(/,.*/, '')}_TYPE_COERCE`, message: `Value is not ${p.type}.` };
    default:
      return { code: 'BASE_TYPE_INVALID', message: e.message ?? 'Invalid value.' };
  }
}

/** Discord's nested `errors` object: { embeds: { 0: { title: { _errors: [...] } } } }. */
function toDiscordErrors(picked: ErrorObject[]): Json {
  const root: Json = {};
  for (const e of picked) {
    let node = root;
    for (const part of segments(e)) node = (node[part] ??= {}) as Json;
    ((node._errors ??= []) as unknown[]).push(discordError(e));
  }
  return root;
}
