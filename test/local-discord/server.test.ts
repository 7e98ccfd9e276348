// Protocol details checked without discord.js: REST headers, auth, global limit, sharded
// GUILD_CREATE, gateway handshake, and interaction webhook semantics.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { shardOf } from '../../src/local-discord/snowflake.ts';
import { startLocalDiscord, type LocalDiscord } from '../../src/local-discord/index.ts';
import { login, startWorld } from './helpers.ts';

let servers: LocalDiscord[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function server(opts: Parameters<typeof startLocalDiscord>[0] = {}): Promise<LocalDiscord> {
  const discord = await startLocalDiscord({ heartbeatIntervalMs: 1000, log: () => {}, ...opts });
  servers.push(discord);
  return discord;
}

function api(discord: LocalDiscord, path: string, init: RequestInit = {}, auth = true): Promise<Response> {
  const headers = { 'content-type': 'application/json', ...(auth ? { authorization: `Bot ${discord.token}` } : {}) };
  return fetch(`${discord.apiUrl}/v10${path}`, { ...init, headers: { ...headers, ...init.headers } });
}

// Response bodies are checked field by field below; loosely typed on purpose.
const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

/** A raw gateway client: collects every payload. */
async function gatewayClient(discord: LocalDiscord) {
  const ws = new WebSocket(`${discord.gatewayUrl}?v=10&encoding=json`);
  const received: Array<{ op: number; t?: string; s?: number; d: any }> = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (raw) => {
    received.push(JSON.parse(String(raw)));
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise((resolve) => ws.once('open', resolve));
  const waitFor = async (pred: (p: (typeof received)[number]) => boolean) => {
    for (;;) {
      const hit = received.find(pred);
      if (hit) return hit;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { ws, received, waitFor, closed, send: (p: unknown) => ws.send(JSON.stringify(p)) };
}

describe('REST', () => {
  it('answers with X-RateLimit-* headers, and 401 without a valid bot token', async () => {
    const discord = await server();
    const ok = await api(discord, '/users/@me');
    expect(ok.status).toBe(200);
    expect((await json(ok)).id).toBe(discord.applicationId);
    for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-reset-after', 'x-ratelimit-bucket']) {
      expect(ok.headers.get(h), h).toBeTruthy();
    }
    expect((await api(discord, '/users/@me', {}, false)).status).toBe(401);
    expect((await api(discord, '/no/such/route')).status).toBe(404);
  });

  it('enforces the global limit with a global 429', async () => {
    const discord = await server({ rateLimits: { globalPerSecond: 5 } });
    const responses = await Promise.all(Array.from({ length: 8 }, () => api(discord, '/users/@me')));
    const limited = responses.filter((r) => r.status === 429);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(5);
    expect(limited).toHaveLength(3);
    expect(limited[0]!.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited[0]!.headers.get('x-ratelimit-scope')).toBe('global');
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited[0]!.json()).toMatchObject({ global: true, retry_after: expect.any(Number) });
    expect(discord.requests).toHaveLength(8);
  });

  it('enforces the per-channel message bucket (5 per 5 s by default)', async () => {
    const discord = await server();
    const guild = discord.createGuild('g');
    const channel = discord.createChannel(guild.id, 'c');
    const post = () => api(discord, `/channels/${channel.id}/messages`, { method: 'POST', body: JSON.stringify({ content: 'x' }) });
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await post());
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(results[4]!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(results[5]!.headers.get('x-ratelimit-scope')).toBe('user');
    expect(discord.messages(channel.id)).toHaveLength(5);
  });
});

describe('gateway', () => {
  it('HELLO, heartbeat ACK, READY with session info, and 4004 for a bad token', async () => {
    const discord = await server({ heartbeatIntervalMs: 1234 });
    const c = await gatewayClient(discord);
    expect((await c.waitFor((p) => p.op === 10)).d).toEqual({ heartbeat_interval: 1234 });
    c.send({ op: 1, d: null });
    await c.waitFor((p) => p.op === 11);
    c.send({ op: 2, d: { token: discord.token, intents: 1, properties: {} } });
    const ready = await c.waitFor((p) => p.t === 'READY');
    expect(ready.d).toMatchObject({ resume_gateway_url: discord.gatewayUrl, application: { id: discord.applicationId }, user: { id: discord.applicationId, bot: true } });
    expect(ready.d.session_id).toMatch(/^[0-9a-f]{32}$/);
    c.ws.close();

    const bad = await gatewayClient(discord);
    bad.send({ op: 2, d: { token: 'nope', intents: 1, properties: {} } });
    expect(await bad.closed).toBe(4004);
  });

  it('sharding: each shard gets exactly the guilds with (id >> 22) % count === shard', async () => {
    const w = await startWorld({ shards: 2 });
    servers.push(w.discord);
    const more = [1, 2, 3, 4].map((n) => w.discord.createGuild(`guild ${n}`));
    const guildCreates: Array<[number, string]> = [];
    w.discord.gateway.on('dispatch', (session, t, d) => t === 'GUILD_CREATE' && guildCreates.push([session.shard[0], String(d.id)]));
    const client = await login(w.discord, { shards: 'auto' });
    try {
      const all = [w.guild.id, ...more.map((g) => g.id)];
      expect(client.guilds.cache.size).toBe(all.length);
      expect(guildCreates.map(([, id]) => id).sort()).toEqual([...all].sort()); // each guild once
      for (const [shard, id] of guildCreates) expect(shard).toBe(shardOf(id, 2));
      expect(new Set(guildCreates.map(([shard]) => shard))).toEqual(new Set([0, 1]));
      expect([...w.discord.gateway.sessions.values()].map((s) => s.shard).sort()).toEqual([[0, 2], [1, 2]]);
    } finally {
      await client.destroy();
    }
  });
});

describe('interaction webhooks', () => {
  async function pending() {
    const w = await startWorld();
    servers.push(w.discord);
    await api(w.discord, `/applications/${w.discord.applicationId}/commands`, { method: 'PUT', body: JSON.stringify([{ name: 'x', description: 'x' }]) });
    const record = w.discord.dispatchCommand({ guildId: w.guild.id, channelId: w.channel.id, user: w.reader, name: 'x' });
    const callback = (body: unknown) => api(w.discord, `/interactions/${record.id}/${record.token}/callback`, { method: 'POST', body: JSON.stringify(body) }, false);
    const webhook = (path: string, init: RequestInit) => api(w.discord, `/webhooks/${w.discord.applicationId}/${record.token}${path}`, init, false);
    return { w, record, callback, webhook };
  }

  it('a follow-up after a deferral edits the loading message; a second ack is 40060', async () => {
    const { w, record, callback, webhook } = await pending();
    expect((await callback({ type: 5, data: { flags: 64 } })).status).toBe(204);
    expect(await (await callback({ type: 4, data: { content: 'again' } })).json()).toMatchObject({ code: 40060 });
    const follow = await webhook('', { method: 'POST', body: JSON.stringify({ content: 'done' }) });
    const message = await json(follow);
    expect(message.id).toBe(record.original?.id);
    expect(message.flags).toBe(64); // the defer's ephemeral state is kept, loading is cleared
    expect(message.edited_timestamp).toBeNull(); // its first content: Discord shows no "(edited)"
    expect(record.followUps).toEqual([]);
    const second = await json(webhook('', { method: 'POST', body: JSON.stringify({ content: 'more' }) }));
    expect(record.followUps.map((m) => m.id)).toEqual([second.id]);
    expect(await (await webhook('/messages/@original', { method: 'GET' })).json()).toMatchObject({ content: 'done' });
    const edited = await json(webhook('/messages/@original', { method: 'PATCH', body: JSON.stringify({ content: 'done, edited' }) }));
    expect(edited.edited_timestamp).toEqual(expect.any(String));
    expect(w.discord.violations).toEqual([]);
  });

  it('with_response=true returns the callback resource; unknown tokens are 10015', async () => {
    const { w, record, webhook } = await pending();
    const res = await api(w.discord, `/interactions/${record.id}/${record.token}/callback?with_response=true`, { method: 'POST', body: JSON.stringify({ type: 4, data: { content: 'hi' } }) }, false);
    expect(await res.json()).toMatchObject({ interaction: { id: record.id, response_message_ephemeral: false }, resource: { type: 4, message: { content: 'hi' } } });
    expect(w.discord.messages(w.channel.id).map((m) => m.content)).toEqual(['hi']);
    const unknown = await api(w.discord, `/webhooks/${w.discord.applicationId}/bogus/messages/@original`, { method: 'GET' }, false);
    expect(await unknown.json()).toMatchObject({ code: 10015 });
    expect((await webhook('/messages/@original', { method: 'DELETE' })).status).toBe(204);
    expect(w.discord.messages(w.channel.id)).toEqual([]);
  });
});
