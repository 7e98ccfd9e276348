// The playground's web server: static page from ./public plus a small JSON API over the local Discord.
// Commands and button clicks go through the local Discord's interaction helpers, so the bot receives real
// INTERACTION_CREATE events over its gateway connection, exactly as on Discord. Only the person who started it
// may drive it (request-guard.ts): the printed link carries a per-start key.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ApiMessage, InteractionReply, Json, LocalDiscord } from '../local-discord/index.ts';
import { InvalidInvocationError } from '../local-discord/index.ts';
import type { Logger } from '../ops/logger.ts';
import { listenOn } from '../ops/http.ts';
import { parseCommandLine, planSuggestions, type NameDirectory, type Suggestion } from './command-line.ts';
import type { DemoWorld } from './demo-world.ts';
import { NO_SCHEDULES, type PlaygroundSchedules } from './schedules.ts';
import { createRequestGuard, OPEN_THE_LINK, type RequestGuard } from './request-guard.ts';

const PUBLIC_DIR = resolve(import.meta.dirname, 'public');
const STATIC: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/render.js': 'render.js',
  '/markdown.js': 'markdown.js',
  '/style.css': 'style.css',
};
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
const MAX_BODY = 64 * 1024;
/** Ephemeral replies exist only for their user; the playground keeps the recent ones so their buttons work. */
const EPHEMERAL_KEEP = 200;

export interface PlaygroundOptions {
  discord: LocalDiscord;
  world: DemoWorld;
  schedules?: PlaygroundSchedules;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** Interaction reply timeout (default 10 s). */
  replyTimeoutMs?: number;
}

export interface Playground {
  /** The link to open, with this run's key (`?token=`): it sets the cookie every request then needs. */
  url: string;
  close: () => Promise<void>;
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

type Handler = (body: Json, params: URLSearchParams) => Promise<unknown>;

export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const { discord, world } = options;
  const schedules = options.schedules ?? NO_SCHEDULES;
  const ephemeral = new Map<string, ApiMessage>();
  const timeoutMs = options.replyTimeoutMs;

  const names: NameDirectory = {
    channel: (name) => world.guild.channelIds.find((id) => discord.state.channels.get(id)?.name === name.toLowerCase()),
    role: (name) => [...world.guild.roles.values()].find((r) => r.name.toLowerCase() === name.toLowerCase())?.id,
    user: (name) => [...world.guild.members.values()].find((m) => m.user.username.toLowerCase() === name.toLowerCase())?.user.id,
    list: (kind) =>
      kind === 'channel'
        ? world.guild.channelIds.map((id) => discord.state.channels.get(id)?.name ?? id)
        : kind === 'role'
          ? [...world.guild.roles.values()].map((r) => r.name).filter((n) => n !== '@everyone')
          : [...world.guild.members.values()].map((m) => m.user.username),
  };
  const commands = () => [...discord.registeredCommands(world.guild.id), ...discord.registeredCommands()];
  const channelId = (body: Json): string => {
    const id = String(body.channelId ?? '');
    if (!world.guild.channelIds.includes(id)) throw new HttpError(400, `Unknown channel ${id}: pick one from the list`);
    return id;
  };
  const remember = (reply: InteractionReply) => {
    const message = reply.message;
    if (!message || !reply.ephemeral) return;
    ephemeral.set(message.id, message);
    if (ephemeral.size > EPHEMERAL_KEEP) ephemeral.delete(ephemeral.keys().next().value as string);
  };
  const view = (reply: InteractionReply) => {
    remember(reply);
    const followUps = reply.followUps.filter((m) => m.flags & 64);
    for (const m of followUps) ephemeral.set(m.id, m);
    return { ephemeral: reply.ephemeral, message: reply.message, content: reply.content, embeds: reply.embeds, components: reply.components, followUps };
  };

  const routes: Record<string, Handler> = {
    'GET /api/world': async () => ({
      guild: { id: world.guild.id, name: world.guild.name },
      you: world.you,
      bot: discord.botUser,
      channels: world.guild.channelIds.map((id) => {
        const channel = discord.state.channels.get(id);
        const messages = discord.messages(id);
        return { id, name: channel?.name ?? id, topic: channel?.topic ?? null, messageCount: messages.length, lastMessageId: messages.at(-1)?.id ?? null };
      }),
      commands: commands().map((c) => ({ name: c.name, description: c.description })),
      // For mentions in messages: the page shows <@&id> as @role and <@id> as @name, as Discord does.
      roles: [...world.guild.roles.values()].map((r) => ({ id: r.id, name: r.name, color: r.color })),
      members: [...world.guild.members.values()].map((m) => ({ id: m.user.id, name: m.nick ?? m.user.global_name ?? m.user.username })),
    }),
    'GET /api/messages': async (_body, params) => {
      const id = channelId({ channelId: params.get('channelId') });
      return { messages: discord.messages(id) };
    },
    'POST /api/run': async (body) => {
      const id = channelId(body);
      const parsed = parseCommandLine(String(body.line ?? ''), commands(), names);
      if (!parsed.ok) throw new HttpError(400, parsed.error);
      const reply = await discord
        .runCommand({ guildId: world.guild.id, channelId: id, user: world.you.id, locale: locale(body), ...parsed.invocation }, { timeoutMs })
        .catch((error: unknown) => {
          // What Discord's client says under the composer, instead of sending an invocation it would refuse.
          if (error instanceof InvalidInvocationError) throw new HttpError(400, error.problems.map((p) => (p.option ? `${p.option}: ${p.message}` : p.message)).join(' '));
          throw error;
        });
      return view(reply);
    },
    'POST /api/suggest': async (body) => {
      const id = channelId(body);
      const plan = planSuggestions(String(body.line ?? ''), commands(), names);
      if (plan.kind === 'static') return { items: plan.items.slice(0, 25) };
      const choices = await discord.autocomplete({ guildId: world.guild.id, channelId: id, user: world.you.id, locale: locale(body), ...plan.invocation }, { timeoutMs });
      return { items: plan.complete(choices).slice(0, 25) satisfies Suggestion[] };
    },
    'POST /api/click': async (body) => {
      const id = channelId(body);
      const messageId = String(body.messageId ?? '');
      const message = ephemeral.get(messageId) ?? discord.messages(id).find((m) => m.id === messageId);
      if (!message) throw new HttpError(404, 'That message is gone; run the command again');
      const reply = await discord.clickComponent({ message, customId: String(body.customId ?? ''), user: world.you.id, locale: locale(body) }, { timeoutMs });
      return view(reply);
    },
    'GET /api/schedules': async () => ({ schedules: await schedules.list() }),
    'POST /api/schedules/run': async (body) => {
      const kind = body.kind === 'digest' ? 'digest' : body.kind === 'feed' ? 'feed' : undefined;
      if (!kind) throw new HttpError(400, 'kind must be "feed" or "digest"');
      const id = String(body.id ?? '');
      const result = await schedules.runNow(kind, id);
      if (!result) throw new HttpError(404, `no ${kind} with id "${id}" (removed meanwhile?)`);
      return result;
    },
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) options.logger?.warn({ err: error, url: req.url }, 'playground request failed');
      sendJson(res, status, { error: (error as Error).message });
    });
  });

  // Set once listening (the key's cookie is named after the port); until then nothing is answered.
  let guard: RequestGuard | undefined;
  const refuse = (refusal: { status: number; message: string } | undefined) => {
    if (refusal) throw new HttpError(refusal.status, refusal.message);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!guard) throw new HttpError(503, 'Starting');
    refuse(guard.refuseHost(req.headers));
    const url = new URL(req.url ?? '/', 'http://playground');
    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
      if (!guard.isKey(url.searchParams.get('token'))) throw new HttpError(401, OPEN_THE_LINK);
      // The key moves into the cookie and out of the address bar (and history).
      res.writeHead(303, { location: '/', 'set-cookie': guard.cookie, 'cache-control': 'no-store' }).end();
      return;
    }
    const file = req.method === 'GET' ? STATIC[url.pathname] : undefined;
    if (file) {
      // The page needs the key; its scripts and styles are no secret.
      if (file === 'index.html' && !guard.hasKeyCookie(req.headers)) throw new HttpError(401, OPEN_THE_LINK);
      const type = TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(await readFile(resolve(PUBLIC_DIR, file)));
      return;
    }
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) throw new HttpError(404, `No ${req.method} ${url.pathname}`);
    refuse(guard.refuseCaller(req.method ?? 'GET', req.headers));
    sendJson(res, 200, await route(req.method === 'POST' ? await readJson(req) : {}, url.searchParams));
  }

  const host = options.host ?? '127.0.0.1';
  const { port, close } = await listenOn(server, options.port, host, 'PLAYGROUND_PORT');
  guard = createRequestGuard({ port, host });
  return { url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/?token=${guard.key}`, close };
}

function locale(body: Json): string {
  return body.locale === 'vi' ? 'vi' : 'en-US';
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Json> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Json;
  } catch {
    // answered below
  }
  throw new HttpError(400, 'Send a JSON object');
}
