// Interactions from both sides: tests invoke commands/autocomplete/components (INTERACTION_CREATE),
// the bot answers through callbacks and interaction webhooks, tests await the visible result.
import { makeInteractionToken } from './auth.ts';
import type { CommandStore } from './commands.ts';
import { errors } from './errors.ts';
import { applyEdit, buildMessage, MessageFlag, requireContent } from './messages.ts';
import { InvalidInvocationError, optionErrors } from './option-validation.ts';
import type { DiscordState } from './state.ts';
import type { ApiMessage, ApiUser, Json } from './types.ts';

export const InteractionType = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;
export const CallbackType = {
  Pong: 1,
  ChannelMessage: 4,
  DeferredChannelMessage: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

// Which callbacks each interaction type accepts.
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionType.Autocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};

/** Interaction tokens stay valid for follow-ups for 15 minutes. */
const TOKEN_TTL_MS = 15 * 60_000;

export interface OptionInput {
  name: string;
  value?: string | number | boolean;
  /** Option type; inferred from the registered command (or the value) when omitted. */
  type?: number;
  options?: OptionInput[];
  focused?: boolean;
}

export interface InvocationBase {
  guildId: string;
  channelId: string;
  /** The invoking user (object or id); must be a member of the guild. */
  user: ApiUser | string;
  locale?: string;
}

export interface CommandInvocation extends InvocationBase {
  name: string;
  options?: OptionInput[];
  /** Dispatch even when the member lacks the command's default_member_permissions (Discord would hide it). */
  bypassPermissions?: boolean;
}

export interface ComponentInvocation extends Omit<InvocationBase, 'channelId' | 'guildId'> {
  message: ApiMessage;
  customId: string;
  /** For select menus: the chosen values (component_type 3); omitted → a button (component_type 2). */
  values?: string[];
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  payload: Json;
  user: ApiUser;
  status: 'pending' | 'acknowledged' | 'expired';
  /** The initial callback type, once acknowledged. */
  responseType: number | null;
  ephemeral: boolean;
  /** The reply (or, for components, the message the component is on). */
  original: ApiMessage | null;
  followUps: ApiMessage[];
  choices: Json[] | null;
  modal: Json | null;
  /** True once something visible happened: a reply, an update, or an edit/follow-up after a deferral. */
  settled: boolean;
  createdAt: number;
}

export interface InteractionReply {
  content: string;
  embeds: Json[];
  components: Json[];
  ephemeral: boolean;
  /** The visible message (null when the answer was a modal). */
  message: ApiMessage | null;
  modal: Json | null;
  /** Live list: later follow-ups show up here. */
  followUps: ApiMessage[];
  interaction: InteractionRecord;
}

export class InteractionHub {
  readonly records: InteractionRecord[] = [];
  readonly #byId = new Map<string, InteractionRecord>();
  readonly #byToken = new Map<string, InteractionRecord>();
  readonly #listeners = new WeakMap<InteractionRecord, Set<() => void>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #state: DiscordState;
  readonly #commands: CommandStore;
  readonly #applicationId: string;
  readonly #dispatch: (payload: Json, guildId: string) => void;
  ackTimeoutMs: number;

  constructor(opts: {
    state: DiscordState;
    commands: CommandStore;
    applicationId: string;
    ackTimeoutMs: number;
    dispatch: (payload: Json, guildId: string) => void;
  }) {
    this.#state = opts.state;
    this.#commands = opts.commands;
    this.#applicationId = opts.applicationId;
    this.ackTimeoutMs = opts.ackTimeoutMs;
    this.#dispatch = opts.dispatch;
  }

  // ---- test side ----

  /** Dispatches a slash command (type 2) and returns its record right away. */
  command(inv: CommandInvocation): InteractionRecord {
    return this.#commandLike(InteractionType.ApplicationCommand, inv);
  }

  /** Dispatches an autocomplete (type 4); the focused option is the one marked, else the last. */
  autocomplete(inv: CommandInvocation): InteractionRecord {
    return this.#commandLike(InteractionType.Autocomplete, { ...inv, options: markFocused(inv.options ?? []) });
  }

  /** Dispatches a message component interaction (type 3): a button click or a select. */
  component(inv: ComponentInvocation): InteractionRecord {
    const message = inv.message;
    if (!message.guild_id) throw new Error('local-discord: components are only simulated on guild messages');
    const data: Json = inv.values
      ? { custom_id: inv.customId, component_type: 3, values: inv.values }
      : { custom_id: inv.customId, component_type: 2 };
    const record = this.#create(InteractionType.MessageComponent, { ...inv, guildId: message.guild_id, channelId: message.channel_id }, data, { message });
    record.original = message;
    return this.#start(record);
  }

  /** Resolves with the final visible reply: immediate, or after a deferral once it is edited/followed up. */
  reply(record: InteractionRecord, timeoutMs = 10_000): Promise<InteractionReply> {
    return this.#waitFor(record, timeoutMs, () => {
      if (record.modal) return toReply(record, null);
      return record.settled && record.original ? toReply(record, record.original) : undefined;
    });
  }

  choices(record: InteractionRecord, timeoutMs = 10_000): Promise<Json[]> {
    return this.#waitFor(record, timeoutMs, () => record.choices ?? undefined);
  }

  /** Resolves once the record has at least `count` follow-ups. */
  followUps(record: InteractionRecord, count = 1, timeoutMs = 10_000): Promise<ApiMessage[]> {
    return this.#waitFor(record, timeoutMs, () => (record.followUps.length >= count ? record.followUps : undefined), false);
  }

  close(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  // ---- bot side (REST handlers) ----

  callback(id: string, token: string, body: Json, withResponse: boolean): { status: number; body?: unknown } {
    const record = this.#byId.get(id);
    if (!record || record.token !== token || record.status === 'expired') throw errors.unknownInteraction();
    if (record.status === 'acknowledged') throw errors.alreadyAcknowledged();
    const type = Number(body.type);
    if (!ALLOWED_CALLBACKS[record.type]?.includes(type)) {
      throw errors.invalidFormBody({ type: { _errors: [{ code: 'INTERACTION_CALLBACK_TYPE_INVALID', message: `Callback ${type} is not valid for interaction type ${record.type}.` }] } });
    }
    const data = (body.data ?? {}) as Json;
    if (type === CallbackType.ChannelMessage) requireContent(data);
    record.status = 'acknowledged';
    record.responseType = type;
    switch (type) {
      case CallbackType.ChannelMessage:
      case CallbackType.DeferredChannelMessage: {
        record.ephemeral = (Number(data.flags ?? 0) & MessageFlag.Ephemeral) !== 0;
        const loading = type === CallbackType.DeferredChannelMessage;
        const flags = (record.ephemeral ? MessageFlag.Ephemeral : 0) | (loading ? MessageFlag.Loading : 0);
        record.original = this.#post(record, loading ? { flags } : { ...data, flags: flags | Number(data.flags ?? 0) });
        record.settled = !loading;
        break;
      }
      case CallbackType.UpdateMessage:
        if (record.original) {
          applyEdit(record.original, data);
          this.#state.messageUpdated(record.original);
        }
        record.settled = true;
        break;
      case CallbackType.AutocompleteResult:
        record.choices = (data.choices as Json[] | undefined) ?? [];
        break;
      case CallbackType.Modal:
        record.modal = data;
        break;
    }
    this.#notify(record);
    if (!withResponse) return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id,
          type: record.type,
          activity_instance_id: null,
          response_message_id: record.original?.id ?? null,
          response_message_loading: record.original ? (record.original.flags & MessageFlag.Loading) !== 0 : null,
          response_message_ephemeral: record.ephemeral,
        },
        resource: { type, ...(record.original && type !== CallbackType.AutocompleteResult ? { message: record.original } : {}) },
      },
    };
  }

  byToken(applicationId: string, token: string): InteractionRecord {
    const record = this.#byToken.get(token);
    if (!record || applicationId !== this.#applicationId || Date.now() - record.createdAt > TOKEN_TTL_MS) throw errors.unknownWebhook();
    return record;
  }

  /** The message @original or a follow-up id refers to. */
  message(record: InteractionRecord, messageId: string): ApiMessage {
    const message = messageId === '@original' ? record.original : record.followUps.find((m) => m.id === messageId);
    if (!message || record.status !== 'acknowledged') throw errors.unknownMessage();
    return message;
  }

  editMessage(record: InteractionRecord, messageId: string, body: Json, attachments: Json[]): ApiMessage {
    const message = this.message(record, messageId);
    const firstContent = (message.flags & MessageFlag.Loading) !== 0;
    applyEdit(message, attachments.length ? { ...body, attachments } : body);
    // Filling in a deferred reply ("thinking…") gives it its first content: Discord does not mark it edited.
    if (firstContent) message.edited_timestamp = null;
    if (messageId === '@original') {
      message.flags &= ~MessageFlag.Loading;
      record.settled = true;
    }
    this.#state.messageUpdated(message);
    this.#notify(record);
    return message;
  }

  deleteMessage(record: InteractionRecord, messageId: string): void {
    const message = this.message(record, messageId);
    if (this.#state.messages(message.channel_id).includes(message)) this.#state.deleteMessage(message.channel_id, message.id);
    if (messageId === '@original') record.original = null;
    else record.followUps = record.followUps.filter((m) => m !== message);
    this.#notify(record);
  }

  /**
   * "When used after a DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, this endpoint edits the loading
   * message instead of creating a new one; the ephemeral state of the defer is kept."
   */
  followUp(record: InteractionRecord, body: Json, attachments: Json[]): ApiMessage {
    if (record.status !== 'acknowledged') throw errors.unknownWebhook();
    requireContent(body, attachments);
    const original = record.original;
    if (record.responseType === CallbackType.DeferredChannelMessage && original && original.flags & MessageFlag.Loading) {
      const { flags: _ignored, ...rest } = body;
      return this.editMessage(record, '@original', rest, attachments);
    }
    const message = this.#post(record, body, attachments);
    record.followUps.push(message);
    record.settled = true;
    this.#notify(record);
    return message;
  }

  // ---- internals ----

  #commandLike(type: number, inv: CommandInvocation): InteractionRecord {
    const command = this.#commands.resolve(inv.name, 1, inv.guildId);
    if (!command) throw new Error(`local-discord: /${inv.name} is not registered (globally or in guild ${inv.guildId})`);
    const user = this.#user(inv.user);
    const required = command.default_member_permissions;
    if (!inv.bypassPermissions && required !== null) {
      const perms = this.#state.permissionsOf(inv.guildId, user.id, inv.channelId);
      if ((perms & BigInt(required)) !== BigInt(required)) {
        throw new Error(`local-discord: ${user.username} lacks default_member_permissions ${required} for /${inv.name}; Discord would not offer the command`);
      }
    }
    const options = typeOptions(inv.options ?? [], command.options ?? []);
    // Discord's client never sends what the definition forbids; neither does this server.
    const invalid = optionErrors(options, command.options ?? [], type === InteractionType.Autocomplete ? 'autocomplete' : 'command', {
      channelType: (id) => this.#state.channels.get(id)?.type,
    });
    if (invalid.length) throw new InvalidInvocationError(command.name, invalid);
    const data: Json = { id: command.id, name: command.name, type: command.type, ...(options.length ? { options } : {}) };
    const resolved = this.#resolve(inv.guildId, options);
    if (resolved) data.resolved = resolved;
    if (command.guild_id) data.guild_id = command.guild_id;
    return this.#start(this.#create(type, inv, data));
  }

  #create(type: number, inv: InvocationBase, data: Json, extra: Json = {}): InteractionRecord {
    const user = this.#user(inv.user);
    const guild = this.#state.guild(inv.guildId);
    const channel = this.#state.channel(inv.channelId);
    const { user: _u, ...member } = this.#state.member(inv.guildId, user.id);
    const id = this.#state.ids.next();
    const token = makeInteractionToken();
    const payload: Json = {
      id,
      application_id: this.#applicationId,
      type,
      data,
      guild_id: guild.id,
      guild: { id: guild.id, locale: 'en-US', features: [] },
      channel_id: channel.id,
      channel: { ...channel },
      member: { ...member, user, permissions: this.#state.permissionsOf(guild.id, user.id, channel.id).toString() },
      token,
      version: 1,
      locale: inv.locale ?? 'en-US',
      guild_locale: 'en-US',
      app_permissions: this.#state.permissionsOf(guild.id, this.#state.botUser.id, channel.id).toString(),
      entitlements: [],
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
      ...extra,
    };
    const record: InteractionRecord = {
      id,
      token,
      type,
      payload,
      user,
      status: 'pending',
      responseType: null,
      ephemeral: false,
      original: null,
      followUps: [],
      choices: null,
      modal: null,
      settled: false,
      createdAt: Date.now(),
    };
    return record;
  }

  /** Registers, dispatches, and arms the 3-second acknowledgement deadline. */
  #start(record: InteractionRecord): InteractionRecord {
    this.records.push(record);
    this.#byId.set(record.id, record);
    this.#byToken.set(record.token, record);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (record.status !== 'pending') return;
      record.status = 'expired';
      this.#notify(record);
    }, this.ackTimeoutMs);
    this.#timers.add(timer);
    this.#dispatch(record.payload, String(record.payload.guild_id));
    return record;
  }

  #post(record: InteractionRecord, body: Json, attachments: Json[] = []): ApiMessage {
    const channelId = String(record.payload.channel_id);
    const command = record.payload.data as Json;
    const message = buildMessage({
      id: this.#state.ids.next(),
      channelId,
      guildId: String(record.payload.guild_id),
      author: this.#state.botUser,
      body,
      attachments,
      extra: {
        type: record.type === InteractionType.ApplicationCommand && !record.original ? 20 : 0,
        webhook_id: this.#applicationId,
        application_id: this.#applicationId,
        interaction_metadata: {
          id: record.id,
          type: record.type,
          user: record.user,
          authorizing_integration_owners: record.payload.authorizing_integration_owners,
          ...(command.name ? { name: command.name } : {}),
        },
      },
    });
    // Ephemeral messages exist only for the invoking user, never in the channel's history.
    if (!(message.flags & MessageFlag.Ephemeral)) this.#state.addMessage(message);
    return message;
  }

  #resolve(guildId: string, options: Json[]): Json | null {
    const users: Json = {};
    const members: Json = {};
    const channels: Json = {};
    const roles: Json = {};
    const visit = (opts: Json[]) => {
      for (const o of opts) {
        const id = String(o.value);
        if (o.type === 6) {
          const user = this.#state.users.get(id);
          if (user) users[id] = user;
          const member = this.#state.guild(guildId).members.get(id);
          if (member) {
            const { user: _u, ...rest } = member;
            members[id] = { ...rest, permissions: this.#state.permissionsOf(guildId, id).toString() };
          }
        } else if (o.type === 7) {
          const channel = this.#state.channels.get(id);
          if (channel) channels[id] = { id, name: channel.name, type: channel.type, permissions: '0' };
        } else if (o.type === 8) {
          const role = this.#state.guild(guildId).roles.get(id);
          if (role) roles[id] = role;
        }
        if (Array.isArray(o.options)) visit(o.options as Json[]);
      }
    };
    visit(options);
    const parts = Object.entries({ users, members, channels, roles }).filter(([, v]) => Object.keys(v).length);
    return parts.length ? Object.fromEntries(parts) : null;
  }

  #user(user: ApiUser | string): ApiUser {
    const found = this.#state.users.get(typeof user === 'string' ? user : user.id);
    if (!found) throw errors.unknownUser();
    return found;
  }

  #notify(record: InteractionRecord): void {
    for (const listener of this.#listeners.get(record) ?? []) listener();
  }

  #waitFor<T>(record: InteractionRecord, timeoutMs: number, check: () => T | undefined, failOnExpiry = true): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const listeners = this.#listeners.get(record) ?? new Set();
      this.#listeners.set(record, listeners);
      const done = () => {
        clearTimeout(timer);
        this.#timers.delete(timer);
        listeners.delete(listener);
      };
      const listener = () => {
        if (failOnExpiry && record.status === 'expired') {
          done();
          reject(new Error(`local-discord: interaction ${describe(record)} was not acknowledged within ${this.ackTimeoutMs} ms`));
          return;
        }
        const value = check();
        if (value !== undefined) {
          done();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`local-discord: interaction ${describe(record)} got no visible answer within ${timeoutMs} ms (status ${record.status}, response ${record.responseType})`));
      }, timeoutMs);
      this.#timers.add(timer);
      listeners.add(listener);
      listener();
    });
  }
}

function describe(record: InteractionRecord): string {
  const data = record.payload.data as Json;
  return String(data.name ? `/${data.name}` : (data.custom_id ?? record.id));
}

function toReply(record: InteractionRecord, message: ApiMessage | null): InteractionReply {
  return {
    content: message?.content ?? '',
    embeds: message?.embeds ?? [],
    components: message?.components ?? [],
    ephemeral: record.ephemeral,
    message,
    modal: record.modal,
    followUps: record.followUps,
    interaction: record,
  };
}

function markFocused(options: OptionInput[]): OptionInput[] {
  const hasFocus = (opts: OptionInput[]): boolean => opts.some((o) => o.focused || hasFocus(o.options ?? []));
  if (hasFocus(options) || options.length === 0) return options;
  const last = options[options.length - 1]!;
  // A subcommand's focus lives among its own options.
  const focusedLast = last.options ? { ...last, options: markFocused(last.options) } : { ...last, focused: true };
  return [...options.slice(0, -1), focusedLast];
}

/** Fills in option types from the registered definition (or the JS value) as Discord would send them. */
function typeOptions(inputs: OptionInput[], defs: Json[]): Json[] {
  return inputs.map((input) => {
    const def = defs.find((d) => d.name === input.name);
    const type = input.type ?? (def?.type as number | undefined) ?? inferType(input.value);
    const out: Json = { name: input.name, type };
    if (input.options || type === 1 || type === 2) out.options = typeOptions(input.options ?? [], (def?.options as Json[] | undefined) ?? []);
    // A focused (autocomplete) value is the partial text typed so far, always a string.
    else out.value = input.focused ? String(input.value ?? '') : type === 4 || type === 10 ? Number(input.value) : input.value;
    if (input.focused) out.focused = true;
    return out;
  });
}

function inferType(value: unknown): number {
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return 3;
}

