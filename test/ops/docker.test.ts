// No Docker engine runs here: these checks read the Dockerfile, compose.yaml and .dockerignore and assert what
// would otherwise only show up on a deploy (unpinned base, root user, secrets in the image, mismatched names).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..', '..');
const read = (name: string) => readFileSync(resolve(root, name), 'utf8');

interface Instruction { keyword: string; args: string }

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined.split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

describe('Dockerfile', () => {
  const all = instructions(read('Dockerfile'));
  const lastFrom = all.map((i) => i.keyword).lastIndexOf('FROM');
  const runtime = all.slice(lastFrom);

  it('pins every base image to a version', () => {
    const bases = all.filter((i) => i.keyword === 'FROM').map((i) => i.args.split(/\s+/)[0]!);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base, `${base} must carry a version tag`).toMatch(/^[\w./-]+:\d+(\.\d+)+[\w.-]*(@sha256:[0-9a-f]{64})?$/);
  });

  it('installs with npm ci from the lockfile and compiles nothing (no toolchain, no system SQLite)', () => {
    const runs = all.filter((i) => i.keyword === 'RUN').map((i) => i.args).join('\n');
    expect(runs).toMatch(/\bnpm ci\b/);
    expect(runs).not.toMatch(/\bnpm install\b/);
    expect(runs).not.toMatch(/\b(g\+\+|make|python3|libsqlite3)/);
  });

  it('runs as a non-root user and starts with npm start', () => {
    const users = runtime.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.at(-1)).toEqual({ keyword: 'CMD', args: '["npm", "start"]' });
  });

  it('bakes no secrets into the image', () => {
    for (const i of all.filter((i) => ['ENV', 'ARG', 'LABEL'].includes(i.keyword))) {
      expect(i.args, `${i.keyword} ${i.args}`).not.toMatch(/TOKEN|SECRET|PASSWORD|KEYV_URL/i);
    }
    const copied = all.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD').map((i) => i.args);
    for (const args of copied) expect(args).not.toMatch(/(^|\s)\.(\s|$)|\.env/);
  });

  it('copies only paths that exist in the repository', () => {
    const sources = all
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(existsSync(resolve(root, source)), `COPY ${source}`).toBe(true);
  });

  it('copies every folder the bot reads at run time', () => {
    const copied = runtime.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from')).map((i) => i.args.split(/\s+/)[0]);
    for (const folder of ['bin', 'src', 'commands', 'seeds', 'taxonomy']) expect(copied, folder).toContain(folder);
  });
});

describe('.dockerignore', () => {
  it('keeps secrets, local data and dependencies out of the build context', () => {
    const ignored = read('.dockerignore').split(/\r?\n/).map((l) => l.trim());
    for (const entry of ['.env', 'data/', 'node_modules/', '.git/']) expect(ignored).toContain(entry);
  });
});

describe('compose.yaml', () => {
  type Service = {
    image?: string; build?: unknown; env_file?: string | string[]; environment?: Record<string, string>;
    volumes?: string[]; depends_on?: Record<string, { condition: string }>; command?: string[]; init?: boolean;
    healthcheck?: unknown;
  };
  const compose = parse(read('compose.yaml')) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
  const bot = compose.services.bot!;
  const redis = compose.services.redis!;

  it('has the bot and Redis, the bot waiting for a healthy Redis', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['bot', 'redis']);
    expect(bot.build).toBeDefined();
    expect(bot.depends_on?.redis?.condition).toBe('service_healthy');
    expect(redis.healthcheck).toBeDefined();
    expect(bot.init).toBe(true);
  });

  it('points the bot at the Redis service and reads secrets from .env only', () => {
    expect([bot.env_file].flat()).toContain('.env');
    const url = new URL(bot.environment?.KEYV_URL ?? '');
    expect(url.protocol).toBe('redis:');
    expect(Object.keys(compose.services)).toContain(url.hostname);
    expect(JSON.stringify(compose)).not.toMatch(/DISCORD_TOKEN/);
  });

  it('keeps delivery records across restarts: named volumes, Redis persistence, no eviction', () => {
    const named = [bot, redis].flatMap((s) => s.volumes ?? []).map((v) => v.split(':')[0]!).filter((v) => !v.startsWith('.') && !v.startsWith('/'));
    expect(named.length).toBeGreaterThan(0);
    for (const volume of named) expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    expect(bot.volumes?.some((v) => v.endsWith(`:${bot.environment?.DATA_DIR}`))).toBe(true);
    expect(redis.command?.join(' ')).toMatch(/--appendonly yes/);
    expect(redis.command?.join(' ')).toMatch(/--maxmemory-policy noeviction/);
    expect(redis.image).toMatch(/^redis:\d+(\.\d+)*/);
  });
});
