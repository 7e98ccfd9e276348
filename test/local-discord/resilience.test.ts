// Failure handling seen by a real discord.js client: 429s, 5xx, rate-limit pacing, gateway
// RECONNECT / INVALID_SESSION / dropped connections, and the 3-second interaction deadline.
import { afterEach, describe, expect, it } from 'vitest';
import type { Client, TextChannel } from 'discord.js';
import { login, startWorld } from './helpers.ts';
import { until } from '../support/until.ts';

type World = Awaited<ReturnType<typeof startWorld>>;

const MESSAGES = '/channels/{channel_id}/messages';
let cleanup: Array<() => Promise<unknown>> = [];

async function setup(opts: Parameters<typeof startWorld>[0] = {}): Promise<{ w: World; client: Client<true>; channel: TextChannel }> {
  const w = await startWorld(opts);
  const client = await login(w.discord);
  cleanup.push(() => w.discord.close(), async () => client.destroy());
  return { w, client, channel: client.channels.cache.get(w.channel.id) as TextChannel };
}

afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

const statuses = (w: World, route: string) => w.discord.requests.filter((r) => r.route === route).map((r) => r.status);

describe('REST failures', () => {
  it('retries after injected 429s and delivers the message exactly once', async () => {
    const { w, channel } = await setup();
    w.discord.inject429(MESSAGES, { count: 2, retryAfterMs: 100, method: 'POST' });
    await channel.send('after 429');
    expect(statuses(w, MESSAGES)).toEqual([429, 429, 200]);
    // Each retry came after the retry_after it was given (when the server saw them: what honouring it means).
    const arrivals = w.discord.requests.filter((r) => r.route === MESSAGES).map((r) => r.at);
    expect(arrivals.slice(1).map((at, i) => at - arrivals[i]! >= 100)).toEqual([true, true]);
    expect(w.discord.messages(w.channel.id).map((m) => m.content)).toEqual(['after 429']);
  });

  it('waits out an injected global 429', async () => {
    const { w, channel } = await setup();
    w.discord.inject429(/\/messages$/, { retryAfterMs: 150, global: true });
    await channel.send('after global 429');
    expect(statuses(w, MESSAGES)).toEqual([429, 200]);
    expect(w.discord.messages(w.channel.id)).toHaveLength(1);
  });

  it('retries injected 5xx responses and delivers once', async () => {
    const { w, channel } = await setup();
    w.discord.inject5xx(MESSAGES, { count: 2, status: 502 });
    await channel.send('after 502');
    expect(statuses(w, MESSAGES)).toEqual([502, 502, 200]);
    expect(w.discord.messages(w.channel.id)).toHaveLength(1);
  });

  it('the per-channel bucket headers make the client pace itself without hitting 429', async () => {
    const { w, channel } = await setup({ rateLimits: { perChannel: { count: 2, windowMs: 400 } } });
    await Promise.all([1, 2, 3, 4, 5].map((n) => channel.send(`burst ${n}`)));
    // The server answers 429 to a request beyond its bucket: all 200s mean the client waited for each window.
    expect(statuses(w, MESSAGES)).toEqual([200, 200, 200, 200, 200]);
    expect(w.discord.messages(w.channel.id).map((m) => m.content)).toEqual(['burst 1', 'burst 2', 'burst 3', 'burst 4', 'burst 5']);
  });
});

describe('gateway recovery', () => {
  const ping = async (w: World) => {
    const reply = await w.discord.runCommand({ guildId: w.guild.id, channelId: w.channel.id, user: w.reader, name: 'ping' });
    return reply.content;
  };
  const withPing = async (opts: Parameters<typeof startWorld>[0] = {}) => {
    const ctx = await setup(opts);
    ctx.client.on('interactionCreate', (i) => void (i.isChatInputCommand() && i.reply('pong')));
    await ctx.client.application.commands.set([{ name: 'ping', description: 'ping' }]);
    return ctx;
  };

  it('RECONNECT (op 7): the client resumes on the same session and still gets interactions', async () => {
    const { w, client } = await withPing();
    const [session] = w.discord.gateway.sessions.values();
    const resumed = w.discord.gateway.next('resume');
    w.discord.gateway.reconnect();
    expect((await resumed).id).toBe(session!.id);
    expect(await ping(w)).toBe('pong');
    expect(client.ws.status).toBe(0); // Ready
  });

  it('events dispatched while the connection is down are replayed on RESUME', async () => {
    const { w, client } = await withPing();
    const resumed = w.discord.gateway.next('resume');
    w.discord.gateway.dropConnections();
    const created = w.discord.createChannel(w.guild.id, 'born-while-offline');
    await resumed;
    await until(() => client.channels.cache.get(created.id));
    expect(await ping(w)).toBe('pong');
  });

  it('INVALID_SESSION (op 9, not resumable): the client identifies again', async () => {
    const { w } = await withPing();
    const [old] = w.discord.gateway.sessions.values();
    const identified = w.discord.gateway.next('identify');
    w.discord.gateway.invalidateSessions(false);
    const fresh = await identified;
    expect(fresh.id).not.toBe(old!.id);
    expect([...w.discord.gateway.sessions.keys()]).toEqual([fresh.id]);
    expect(await ping(w)).toBe('pong');
  });

  it('INVALID_SESSION (op 9, resumable): the client resumes', async () => {
    const { w } = await withPing();
    const resumed = w.discord.gateway.next('resume');
    w.discord.gateway.invalidateSessions(true);
    expect((await resumed).resumes).toBe(1);
    expect(await ping(w)).toBe('pong');
  });
});

describe('interaction deadline', () => {
  it('a callback after the ack timeout fails with 10062 and the reply is never seen', async () => {
    const { w, client } = await setup({ interactionAckTimeoutMs: 200 });
    await client.application.commands.set([{ name: 'slow', description: 'too slow' }]);
    const failure = new Promise<unknown>((resolve) => {
      client.on('interactionCreate', async (i) => {
        if (!i.isChatInputCommand()) return;
        await new Promise((r) => setTimeout(r, 400));
        await i.reply('late').then(resolve, resolve);
      });
    });
    await expect(w.discord.runCommand({ guildId: w.guild.id, channelId: w.channel.id, user: w.reader, name: 'slow' })).rejects.toThrow(/not acknowledged within 200 ms/);
    expect(await failure).toMatchObject({ status: 404, code: 10062 });
    expect(w.discord.messages(w.channel.id)).toEqual([]);
  });
});
