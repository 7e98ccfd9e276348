// The gateway: JSON over WebSocket, no compression. Sessions outlive connections so RESUME can
// replay what a client missed; dispatches go only to sessions whose shard owns the guild.
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { shardOf } from './snowflake.ts';
import type { DiscordState } from './state.ts';
import type { Json } from './types.ts';

export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

const Close = { UnknownOpcode: 4001, DecodeError: 4002, NotAuthenticated: 4003, AuthenticationFailed: 4004, AlreadyAuthenticated: 4005, InvalidShard: 4010 } as const;

/** How many past dispatches a session keeps for RESUME. */
const REPLAY_BUFFER = 5000;

export interface GatewaySession {
  id: string;
  shard: [number, number];
  intents: number;
  seq: number;
  ws: WebSocket | null;
  buffer: Array<{ s: number; t: string; d: Json }>;
  identifiedAt: number;
  resumes: number;
}

export interface GatewayEvents {
  identify: [GatewaySession];
  resume: [GatewaySession];
  dispatch: [GatewaySession, string, Json];
}

export class Gateway extends EventEmitter<GatewayEvents> {
  readonly sessions = new Map<string, GatewaySession>();
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #state: DiscordState;
  readonly #token: string;
  readonly #heartbeatIntervalMs: number;
  readonly #applicationFlags: number;
  /** ws://host:port/gateway, known once the server listens. */
  url = '';

  constructor(opts: { state: DiscordState; token: string; heartbeatIntervalMs: number; applicationFlags?: number }) {
    super();
    this.#state = opts.state;
    this.#token = opts.token;
    this.#heartbeatIntervalMs = opts.heartbeatIntervalMs;
    this.#applicationFlags = opts.applicationFlags ?? 0;
    this.#wss.on('connection', (ws) => this.#onConnection(ws));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#wss.emit('connection', ws, req));
  }

  /** Sends an event to every session that should see it (its shard owns the guild, its intents ask for it). */
  dispatch(t: string, d: Json, scope: { guildId?: string; intent?: number } = {}): void {
    for (const session of this.sessions.values()) {
      if (scope.intent !== undefined && (session.intents & scope.intent) === 0) continue;
      const owner = scope.guildId ? shardOf(scope.guildId, session.shard[1]) : 0;
      if (owner !== session.shard[0]) continue;
      this.#send(session, t, d);
    }
  }

  /** op 7: tell clients to reconnect and resume. */
  reconnect(): void {
    for (const s of this.sessions.values()) s.ws?.send(JSON.stringify({ op: Op.Reconnect, d: null }));
  }

  /** op 9: a resumable session keeps its state; a non-resumable one is forgotten and must IDENTIFY again. */
  invalidateSessions(resumable: boolean): void {
    for (const s of [...this.sessions.values()]) {
      s.ws?.send(JSON.stringify({ op: Op.InvalidSession, d: resumable }));
      if (!resumable) this.sessions.delete(s.id);
    }
  }

  /** Drops every connection as a network failure would (the client resumes); sessions stay. */
  dropConnections(code = 4000): void {
    for (const s of this.sessions.values()) s.ws?.close(code, 'local-discord: connection dropped');
  }

  /** Resolves on the next IDENTIFY or RESUME, e.g. to wait for a client to come back. */
  next(event: 'identify' | 'resume', timeoutMs = 10_000): Promise<GatewaySession> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off(event, onEvent);
        reject(new Error(`local-discord: no gateway ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onEvent = (session: GatewaySession) => {
        clearTimeout(timer);
        resolve(session);
      };
      this.once(event, onEvent);
    });
  }

  close(): void {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close();
    this.sessions.clear();
  }

  #onConnection(ws: WebSocket): void {
    let session: GatewaySession | null = null;
    ws.send(JSON.stringify({ op: Op.Hello, d: { heartbeat_interval: this.#heartbeatIntervalMs } }));
    ws.on('close', () => {
      if (session?.ws === ws) session.ws = null;
    });
    ws.on('message', (raw, isBinary) => {
      let payload: { op: number; d: unknown };
      try {
        if (isBinary) throw new Error('binary');
        payload = JSON.parse(String(raw)) as { op: number; d: unknown };
      } catch {
        ws.close(Close.DecodeError, 'Decode error');
        return;
      }
      const d = (payload.d ?? {}) as Json;
      switch (payload.op) {
        case Op.Heartbeat:
          ws.send(JSON.stringify({ op: Op.HeartbeatAck }));
          return;
        case Op.Identify:
          if (session) return ws.close(Close.AlreadyAuthenticated, 'Already authenticated');
          session = this.#identify(ws, d);
          return;
        case Op.Resume:
          session = this.#resume(ws, d) ?? session;
          return;
        case Op.PresenceUpdate:
        case Op.VoiceStateUpdate:
          if (!session) ws.close(Close.NotAuthenticated, 'Not authenticated');
          return;
        case Op.RequestGuildMembers:
          if (!session) return ws.close(Close.NotAuthenticated, 'Not authenticated');
          this.#guildMembers(session, d);
          return;
        default:
          ws.close(Close.UnknownOpcode, 'Unknown opcode');
      }
    });
  }

  #identify(ws: WebSocket, d: Json): GatewaySession | null {
    if (d.token !== this.#token && d.token !== `Bot ${this.#token}`) {
      ws.close(Close.AuthenticationFailed, 'Authentication failed');
      return null;
    }
    const [shardId, shardCount] = (d.shard as [number, number] | undefined) ?? [0, 1];
    if (!(shardCount >= 1 && shardId >= 0 && shardId < shardCount)) {
      ws.close(Close.InvalidShard, 'Invalid shard');
      return null;
    }
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      shard: [shardId, shardCount],
      intents: Number(d.intents ?? 0),
      seq: 0,
      ws,
      buffer: [],
      identifiedAt: Date.now(),
      resumes: 0,
    };
    this.sessions.set(session.id, session);
    const guilds = [...this.#state.guilds.keys()].filter((id) => shardOf(id, shardCount) === shardId);
    const bot = this.#state.botUser;
    this.#send(session, 'READY', {
      v: 10,
      user: { ...bot, verified: true, mfa_enabled: false, flags: 0 },
      guilds: guilds.map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.url,
      shard: [shardId, shardCount],
      application: { id: bot.id, flags: this.#applicationFlags },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      auth: {},
    });
    for (const id of guilds) this.#send(session, 'GUILD_CREATE', this.#state.guildPayload(id));
    this.emit('identify', session);
    return session;
  }

  #resume(ws: WebSocket, d: Json): GatewaySession | null {
    const session = this.sessions.get(String(d.session_id));
    if (!session || (d.token !== this.#token && d.token !== `Bot ${this.#token}`)) {
      ws.send(JSON.stringify({ op: Op.InvalidSession, d: false }));
      return null;
    }
    if (session.ws && session.ws !== ws) session.ws.close(4000, 'Session resumed elsewhere');
    session.ws = ws;
    session.resumes++;
    const since = Number(d.seq ?? 0);
    for (const event of session.buffer) {
      if (event.s > since) ws.send(JSON.stringify({ op: Op.Dispatch, ...event }));
    }
    this.#send(session, 'RESUMED', {});
    this.emit('resume', session);
    return session;
  }

  /** op 8: answer with one GUILD_MEMBERS_CHUNK (members matching query prefix or user_ids). */
  #guildMembers(session: GatewaySession, d: Json): void {
    const guild = this.#state.guilds.get(String(d.guild_id));
    if (!guild) return;
    const ids = d.user_ids === undefined ? null : new Set([d.user_ids].flat().map(String));
    const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
    const limit = Number(d.limit ?? 0) || Infinity;
    const members = [...guild.members.values()]
      .filter((m) => (ids ? ids.has(m.user.id) : m.user.username.toLowerCase().startsWith(query)))
      .slice(0, limit);
    this.#send(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guild.id,
      members,
      chunk_index: 0,
      chunk_count: 1,
      not_found: ids ? [...ids].filter((id) => !guild.members.has(id)) : [],
      ...(d.nonce === undefined ? {} : { nonce: d.nonce }),
    });
  }

  #send(session: GatewaySession, t: string, d: Json): void {
    const event = { s: ++session.seq, t, d };
    session.buffer.push(event);
    if (session.buffer.length > REPLAY_BUFFER) session.buffer.shift();
    session.ws?.send(JSON.stringify({ op: Op.Dispatch, ...event }));
    this.emit('dispatch', session, t, d);
  }
}
