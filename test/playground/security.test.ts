// The playground acts as the demo server's owner, so only the person who started it may drive it: a web page
// they visit (cross-site request) or a rebound DNS name must not. Raw HTTP requests against the real playground
// (bot, local Discord, seeds), with the headers a browser would send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/ops/logger.ts';
import { runPlayground, type RunningPlayground } from '../../src/playground/run-playground.ts';

const SEEDS = resolve(import.meta.dirname, '..', '..', 'seeds');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: URL, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = request({ host: url.hostname, port: url.port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

describe('the playground answers only its owner', () => {
  let running: RunningPlayground;
  let url: URL;
  let host: string;
  let origin: string;
  let cookie: string;
  let channelId: string;
  const runLine = (line: string) => JSON.stringify({ channelId, line });
  const posted = () => running.discord.messages(channelId).length;

  beforeAll(async () => {
    running = await runPlayground({ config: loadConfig({}), corpusDirs: [SEEDS], log: createLogger({ level: 'silent' }), port: 0 });
    url = new URL(running.url);
    host = url.host;
    origin = url.origin;
    channelId = running.world.channels[0]!.id;
  });
  afterAll(async () => running?.stop());

  it('prints a link with a per-start key that sets an HttpOnly, SameSite=Strict cookie and drops the key from the address', async () => {
    const token = url.searchParams.get('token');
    expect(token).toMatch(/^[\w-]{32,}$/);
    const opened = await send(url, { path: `${url.pathname}${url.search}`, headers: { host } });
    expect(opened.status).toBe(303);
    expect(opened.headers.location).toBe('/');
    const setCookie = String(opened.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    cookie = setCookie.split(';')[0]!;
    const page = await send(url, { headers: { host, cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="/app.js">');
  });

  it('answers an option outside its declared limits as Discord\'s client does (400, the option and the rule), never a 500', async () => {
    const before = posted();
    const reply = await send(url, { method: 'POST', path: '/api/run', headers: { host, origin, cookie, 'content-type': 'application/json' }, body: runLine('/news topic:AI count:0') });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error).toBe('count: Int should be greater than or equal to 1.');
    expect(posted()).toBe(before);
  });

  it('runs a command for the owner: same origin, JSON, with the cookie', async () => {
    const before = posted();
    const reply = await send(url, { method: 'POST', path: '/api/run', headers: { host, origin, cookie, 'content-type': 'application/json' }, body: runLine('/news topic:AI') });
    expect(reply.status).toBe(200);
    expect(posted()).toBeGreaterThan(before);
  });

  it('refuses a cross-site text/plain POST (a form or fetch from another site), and nothing runs', async () => {
    const before = posted();
    const forged = await send(url, { method: 'POST', path: '/api/run', headers: { host, origin: 'http://evil.example', 'content-type': 'text/plain' }, body: runLine('/news topic:AI') });
    expect(forged.status).toBe(403);
    // Even a page on another port of this machine (same site, so a SameSite cookie would go along).
    const sameSite = await send(url, { method: 'POST', path: '/api/run', headers: { host, origin: 'http://localhost:1', cookie, 'content-type': 'application/json' }, body: runLine('/news topic:AI') });
    expect(sameSite.status).toBe(403);
    expect(JSON.parse(sameSite.body).error).toMatch(/origin/i);
    expect(posted()).toBe(before);
  });

  it('refuses a request without the key, and one with a wrong key', async () => {
    const anonymous = await send(url, { method: 'POST', path: '/api/run', headers: { host, origin, 'content-type': 'application/json' }, body: runLine('/news topic:AI') });
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body).error).toMatch(/link .*printed/i);
    expect((await send(url, { path: '/api/world', headers: { host } })).status).toBe(401);
    expect((await send(url, { path: '/', headers: { host } })).status).toBe(401);
    const wrong = await send(url, { path: '/?token=not-the-key', headers: { host } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('answers "Run now" for a feed or digest that is not there (removed in another tab) with 404 and why', async () => {
    const run = (kind: string) => send(url, { method: 'POST', path: '/api/schedules/run', headers: { host, origin, cookie, 'content-type': 'application/json' }, body: JSON.stringify({ kind, id: 'gone1' }) });
    for (const kind of ['feed', 'digest']) {
      const reply = await run(kind);
      expect(reply.status).toBe(404);
      expect(JSON.parse(reply.body)).toEqual({ error: `no ${kind} with id "gone1" (removed meanwhile?)` });
    }
  });

  it('accepts JSON only', async () => {
    const plain = await send(url, { method: 'POST', path: '/api/run', headers: { host, origin, cookie, 'content-type': 'text/plain' }, body: runLine('/news topic:AI') });
    expect(plain.status).toBe(415);
  });

  it('refuses any Host but loopback names (DNS rebinding)', async () => {
    const rebound = await send(url, { path: '/api/world', headers: { host: `evil.example:${url.port}`, cookie } });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error).toMatch(/host/i);
    for (const name of ['localhost', '127.0.0.1']) {
      expect((await send(url, { path: '/api/world', headers: { host: `${name}:${url.port}`, cookie } })).status, name).toBe(200);
    }
  });
});
