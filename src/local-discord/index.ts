// A local, loopback-only Discord: REST (/api/v10) + gateway (ws), enough for discord.js to log in,
// register commands, receive interactions and post messages, with state tests can inspect and drive.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applicationIdFromToken, makeBotToken } from './auth.ts';
import { CommandStore } from './commands.ts';
import { FaultInjector } from './faults.ts';
import { Gateway } from './gateway.ts';
import { InteractionHub, type CommandInvocation, type ComponentInvocation, type InteractionRecord, type InteractionReply } from './interactions.ts';
import { NonceRegistry } from './messages.ts';
import { OpenApiValidator, type Violation } from './openapi-validator.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limits.ts';
import { RestRouter, type RequestRecord } from './rest-router.ts';
import { SnowflakeGenerator } from './snowflake.ts';
import { allRoutes } from './routes/index.ts';
import { DiscordState, type ChannelAccess, type PermissionsInput } from './state.ts';
import type { ApiChannel, ApiCommand, ApiMember, ApiMessage, ApiUser, Guild, Json } from './types.ts';

export { Permission } from './permissions.ts';
export { InvalidInvocationError, type OptionError } from './option-validation.ts';
export type { ApiChannel, ApiCommand, ApiMember, ApiMessage, ApiUser, Guild, Json } from './types.ts';
export type { InteractionRecord, InteractionReply, OptionInput, CommandInvocation, ComponentInvocation } from './interactions.ts';
export type { Violation } from './openapi-validator.ts';
export type { RequestRecord } from './rest-router.ts';
export type { GatewaySession } from './gateway.ts';
export type { RateLimitOptions } from './rate-limits.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_OPENAPI_PATH = resolve(REPO_ROOT, '../shared/discord-api-spec/openapi.json');

export interface LocalDiscordOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  host?: '127.0.0.1' | 'localhost' | '::1';
  /** Discord's OpenAPI spec; `false` disables validation. */
  openapiPath?: string | false;
  /** Discord-like limits (defaults: 50 req/s global, 5 messages / 5 s per channel); `false` disables. */
  rateLimits?: RateLimitOptions | false;
  /** Gateway HELLO heartbeat interval (default 41250 ms; keep ≥ 1000). */
  heartbeatIntervalMs?: number;
  /** Use this token instead of generating one; its first segment must decode to the application id. */
  botToken?: string;
  applicationId?: string;
  botUsername?: string;
  /** The bot's role permissions in every guild (default: post, embed, read, manage own messages). */
  botPermissions?: PermissionsInput;
  /** Shard count recommended by GET /gateway/bot (default 1). */
  shards?: number;
  /** session_start_limit.max_concurrency (default 1, as for most bots). */
  maxConcurrency?: number;
  /** Interactions not acknowledged within this time fail with 10062 (default 3000). */
  interactionAckTimeoutMs?: number;
  /** How long enforce_nonce remembers a nonce (default 5 minutes). */
  nonceWindowMs?: number;
  /** Where notices go (default console.warn). */
  log?: (message: string) => void;
}

export class LocalDiscord {
  readonly server: Server;
  readonly state: DiscordState;
  readonly commands: CommandStore;
  readonly interactions: InteractionHub;
  readonly gateway: Gateway;
  readonly faults: FaultInjector;
  readonly validator: OpenApiValidator;
  readonly token: string;
  readonly applicationId: string;
  readonly #router: RestRouter;

  /** Use startLocalDiscord(). */
  constructor(opts: LocalDiscordOptions = {}) {
    const log = opts.log ?? ((m: string) => console.warn(m));
    this.applicationId = opts.botToken ? applicationIdFromToken(opts.botToken) : (opts.applicationId ?? new SnowflakeGenerator().next());
    this.state = new DiscordState({ applicationId: this.applicationId, botUsername: opts.botUsername, botPermissions: opts.botPermissions });
    this.token = opts.botToken ?? makeBotToken(this.applicationId);
    this.commands = new CommandStore(this.applicationId, this.state.ids);
    this.gateway = new Gateway({ state: this.state, token: this.token, heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250 });
    this.state.dispatch = (t, d, scope) => this.gateway.dispatch(t, d, scope);
    this.interactions = new InteractionHub({
      state: this.state,
      commands: this.commands,
      applicationId: this.applicationId,
      ackTimeoutMs: opts.interactionAckTimeoutMs ?? 3000,
      dispatch: (payload, guildId) => this.gateway.dispatch('INTERACTION_CREATE', payload, { guildId }),
    });
    this.faults = new FaultInjector();
    this.validator = new OpenApiValidator(opts.openapiPath === false ? undefined : (opts.openapiPath ?? DEFAULT_OPENAPI_PATH), opts.openapiPath === false ? () => {} : log);
    const routes = allRoutes({
      state: this.state,
      commands: this.commands,
      interactions: this.interactions,
      nonces: new NonceRegistry(opts.nonceWindowMs ?? 5 * 60_000),
      applicationId: this.applicationId,
      baseUrl: () => this.url,
      gatewayUrl: () => this.gatewayUrl,
      shards: opts.shards ?? 1,
      maxConcurrency: opts.maxConcurrency ?? 1,
    });
    this.#router = new RestRouter(routes, {
      token: this.token,
      validator: this.validator,
      rateLimiter: opts.rateLimits === false ? null : new RateLimiter(opts.rateLimits),
      faults: this.faults,
      log,
    });
    this.server = createServer((req, res) => {
      if (RestRouter.isApiPath(req.url ?? '/')) void this.#router.handle(req, res);
      else res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: '404: Not Found', code: 0 }));
    });
    this.server.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://x').pathname === '/gateway') this.gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  /** http://host:port — the REST api root is `${url}/api`. */
  get url(): string {
    const address = this.server.address() as AddressInfo | null;
    if (!address) return '';
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api`;
  }

  get gatewayUrl(): string {
    return `${this.url.replace(/^http/, 'ws')}/gateway`;
  }

  get botUser(): ApiUser {
    return this.state.botUser;
  }

  /** Every REST request so far (method, path, matched route, status, arrival time, duration). */
  get requests(): RequestRecord[] {
    return this.#router.requests;
  }

  /** Request bodies that did not match Discord's OpenAPI schema (each was answered 400 / 50035). */
  get violations(): Violation[] {
    return this.#router.violations;
  }

  // ---- world building ----

  createGuild(name: string, opts?: { ownerId?: string }): Guild {
    return this.state.createGuild(name, opts);
  }

  createChannel(guildId: string, name: string, opts?: { topic?: string } & Omit<ChannelAccess, 'userId'>): ApiChannel {
    return this.state.createChannel(guildId, name, opts);
  }

  deleteChannel(channelId: string): ApiChannel {
    return this.state.deleteChannel(channelId);
  }

  /** Allow or forbid the bot (or `userId`) to post in / see a channel, via a member overwrite. */
  setChannelPermissions(channelId: string, access: ChannelAccess): ApiChannel {
    return this.state.setChannelPermissions(channelId, access);
  }

  createUser(username: string, opts?: { bot?: boolean; globalName?: string }): ApiUser {
    return this.state.createUser(username, opts);
  }

  /** A new human member; e.g. `{ permissions: Permission.ManageGuild }` for a server manager. */
  createMember(guildId: string, username: string, opts?: { permissions?: PermissionsInput; roles?: string[] }): { user: ApiUser; member: ApiMember } {
    return this.state.createMember(guildId, username, opts);
  }

  addMember(guildId: string, userId: string, opts?: { permissions?: PermissionsInput; roles?: string[] }): ApiMember {
    return this.state.addMember(guildId, userId, opts);
  }

  messages(channelId: string): ApiMessage[] {
    return this.state.messages(channelId);
  }

  /** Registered commands: global when no guild id is given. */
  registeredCommands(guildId?: string): ApiCommand[] {
    return this.commands.list(guildId);
  }

  // ---- interactions ----

  /**
   * Runs a slash command and resolves with the visible reply (after defer + edit, if deferred). Rejects with
   * InvalidInvocationError when Discord's client would not have sent the options.
   */
  async runCommand(inv: CommandInvocation, opts: { timeoutMs?: number } = {}): Promise<InteractionReply> {
    return this.interactions.reply(this.interactions.command(inv), opts.timeoutMs);
  }

  /** Sends an autocomplete interaction and resolves with the bot's choices. */
  async autocomplete(inv: CommandInvocation, opts: { timeoutMs?: number } = {}): Promise<Json[]> {
    return this.interactions.choices(this.interactions.autocomplete(inv), opts.timeoutMs);
  }

  /** Clicks a button (or picks select values) on a message and resolves with the visible result. */
  clickComponent(inv: ComponentInvocation, opts: { timeoutMs?: number } = {}): Promise<InteractionReply> {
    return this.interactions.reply(this.interactions.component(inv), opts.timeoutMs);
  }

  /** Low-level: dispatch a command and get the live record without waiting (for ack-timeout tests). */
  dispatchCommand(inv: CommandInvocation): InteractionRecord {
    return this.interactions.command(inv);
  }

  // ---- faults and gateway control ----

  /** The next `count` requests matching `route` answer 429. */
  inject429(route: string | RegExp, opts: { count?: number; method?: string; retryAfterMs?: number; global?: boolean } = {}): void {
    this.faults.inject429({ route, ...opts });
  }

  /** The next `count` requests matching `route` answer a 5xx (default 500). */
  inject5xx(route: string | RegExp, opts: { count?: number; method?: string; status?: number } = {}): void {
    this.faults.inject5xx({ route, ...opts });
  }

  async listen(port: number, host: string): Promise<this> {
    await new Promise<void>((resolveListen, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolveListen();
      });
    });
    this.gateway.url = this.gatewayUrl;
    return this;
  }

  async close(): Promise<void> {
    this.interactions.close();
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

export async function startLocalDiscord(opts: LocalDiscordOptions = {}): Promise<LocalDiscord> {
  return new LocalDiscord(opts).listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
}
