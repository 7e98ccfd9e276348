// The world the server simulates: users, guilds, roles, members, channels, messages.
// Mutations that Discord would announce over the gateway go through `dispatch`.
import { SnowflakeGenerator } from './snowflake.ts';
import { errors } from './errors.ts';
import {
  computePermissions,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  Permission,
  type Overwrite,
} from './permissions.ts';
import type { ApiChannel, ApiMember, ApiMessage, ApiRole, ApiUser, Guild, Json } from './types.ts';

/** Gateway intents the dispatches need (https://discord.com/developers/docs/events/gateway#gateway-intents). */
export const Intent = { Guilds: 1 << 0, GuildMembers: 1 << 1, GuildMessages: 1 << 9 } as const;

export type DispatchFn = (event: string, data: Json, scope: { guildId?: string; intent?: number }) => void;

export type PermissionsInput = bigint | number | string;

export interface ChannelAccess {
  /** May the user send messages here (SEND_MESSAGES)? */
  canPost?: boolean;
  /** May the user see the channel at all (VIEW_CHANNEL)? */
  canView?: boolean;
  /** Whose access; defaults to the bot. */
  userId?: string;
}

export class DiscordState {
  readonly ids = new SnowflakeGenerator();
  readonly users = new Map<string, ApiUser>();
  readonly guilds = new Map<string, Guild>();
  readonly channels = new Map<string, ApiChannel>();
  readonly #messages = new Map<string, ApiMessage[]>();
  readonly botUser: ApiUser;
  readonly botPermissions: bigint;
  dispatch: DispatchFn = () => {};

  constructor(opts: { applicationId: string; botUsername?: string; botPermissions?: PermissionsInput }) {
    // A bot user's id is its application's id.
    this.botUser = { ...this.#userShape(opts.applicationId, opts.botUsername ?? 'newsbot'), bot: true };
    this.users.set(this.botUser.id, this.botUser);
    this.botPermissions = BigInt(opts.botPermissions ?? DEFAULT_BOT_PERMISSIONS);
  }

  createUser(username: string, opts: { bot?: boolean; globalName?: string } = {}): ApiUser {
    const user: ApiUser = { ...this.#userShape(this.ids.next(), username), global_name: opts.globalName ?? username };
    if (opts.bot) user.bot = true;
    this.users.set(user.id, user);
    return user;
  }

  /** A guild the bot is in, owned by a fresh human user, with @everyone and a managed bot role. */
  createGuild(name: string, opts: { ownerId?: string } = {}): Guild {
    const id = this.ids.next();
    const ownerId = opts.ownerId ?? this.createUser(`${name}-owner`).id;
    const guild: Guild = { id, name, ownerId, createdAt: new Date().toISOString(), roles: new Map(), members: new Map(), channelIds: [] };
    this.guilds.set(id, guild);
    guild.roles.set(id, this.#roleShape(id, '@everyone', DEFAULT_EVERYONE_PERMISSIONS, 0));
    const botRole = this.#roleShape(this.ids.next(), this.botUser.username, this.botPermissions, 1);
    botRole.managed = true;
    botRole.tags = { bot_id: this.botUser.id };
    guild.roles.set(botRole.id, botRole);
    this.#putMember(guild, ownerId, []);
    this.#putMember(guild, this.botUser.id, [botRole.id]);
    this.dispatch('GUILD_CREATE', this.guildPayload(id), { guildId: id, intent: Intent.Guilds });
    return guild;
  }

  createRole(guildId: string, name: string, permissions: PermissionsInput): ApiRole {
    const guild = this.guild(guildId);
    const role = this.#roleShape(this.ids.next(), name, BigInt(permissions), guild.roles.size);
    guild.roles.set(role.id, role);
    this.dispatch('GUILD_ROLE_CREATE', { guild_id: guildId, role }, { guildId, intent: Intent.Guilds });
    return role;
  }

  /** Adds a user to a guild; `permissions` gives the member a role carrying exactly those bits. */
  addMember(guildId: string, userId: string, opts: { roles?: string[]; permissions?: PermissionsInput } = {}): ApiMember {
    const guild = this.guild(guildId);
    const roles = [...(opts.roles ?? [])];
    if (opts.permissions !== undefined) {
      roles.push(this.createRole(guildId, `perms-${BigInt(opts.permissions).toString(16)}`, opts.permissions).id);
    }
    const member = this.#putMember(guild, userId, roles);
    this.dispatch('GUILD_MEMBER_ADD', { ...member, guild_id: guildId }, { guildId, intent: Intent.GuildMembers });
    return member;
  }

  /** Shortcut: a new human user who is a member of the guild. */
  createMember(guildId: string, username: string, opts: { permissions?: PermissionsInput; roles?: string[] } = {}): { user: ApiUser; member: ApiMember } {
    const user = this.createUser(username);
    return { user, member: this.addMember(guildId, user.id, opts) };
  }

  createChannel(guildId: string, name: string, opts: { topic?: string } & Omit<ChannelAccess, 'userId'> = {}): ApiChannel {
    const guild = this.guild(guildId);
    const channel: ApiChannel = {
      id: this.ids.next(),
      type: 0,
      guild_id: guildId,
      name,
      position: guild.channelIds.length,
      permission_overwrites: [],
      parent_id: null,
      topic: opts.topic ?? null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
    };
    this.#setOverwrite(channel, this.botUser.id, opts);
    this.channels.set(channel.id, channel);
    this.#messages.set(channel.id, []);
    guild.channelIds.push(channel.id);
    this.dispatch('CHANNEL_CREATE', { ...channel }, { guildId, intent: Intent.Guilds });
    return channel;
  }

  deleteChannel(channelId: string): ApiChannel {
    const channel = this.channel(channelId);
    this.channels.delete(channelId);
    this.#messages.delete(channelId);
    const guild = this.guilds.get(channel.guild_id);
    if (guild) guild.channelIds = guild.channelIds.filter((id) => id !== channelId);
    this.dispatch('CHANNEL_DELETE', { ...channel }, { guildId: channel.guild_id, intent: Intent.Guilds });
    return channel;
  }

  setChannelPermissions(channelId: string, access: ChannelAccess): ApiChannel {
    const channel = this.channel(channelId);
    this.#setOverwrite(channel, access.userId ?? this.botUser.id, access);
    this.dispatch('CHANNEL_UPDATE', { ...channel }, { guildId: channel.guild_id, intent: Intent.Guilds });
    return channel;
  }

  guild(guildId: string): Guild {
    const guild = this.guilds.get(guildId);
    if (!guild) throw errors.unknownGuild();
    return guild;
  }

  channel(channelId: string): ApiChannel {
    const channel = this.channels.get(channelId);
    if (!channel) throw errors.unknownChannel();
    return channel;
  }

  member(guildId: string, userId: string): ApiMember {
    const member = this.guild(guildId).members.get(userId);
    if (!member) throw errors.unknownMember();
    return member;
  }

  permissionsOf(guildId: string, userId: string, channelId?: string): bigint {
    const guild = this.guild(guildId);
    const member = this.member(guildId, userId);
    return computePermissions({
      guildId,
      ownerId: guild.ownerId,
      userId,
      rolePermissions: new Map([...guild.roles.values()].map((r) => [r.id, BigInt(r.permissions)])),
      memberRoles: member.roles,
      overwrites: channelId ? this.channel(channelId).permission_overwrites : [],
    });
  }

  /** The full guild object of GUILD_CREATE (https://discord.com/developers/docs/events/gateway-events#guild-create). */
  guildPayload(guildId: string): Json {
    const g = this.guild(guildId);
    return {
      id: g.id,
      name: g.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: g.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      features: [],
      mfa_level: 0,
      system_channel_id: g.channelIds[0] ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: g.createdAt,
      large: false,
      unavailable: false,
      member_count: g.members.size,
      roles: [...g.roles.values()],
      members: [...g.members.values()],
      channels: g.channelIds.map((id) => ({ ...this.channel(id), guild_id: undefined })),
      threads: [],
      presences: [],
      voice_states: [],
      emojis: [],
      stickers: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  messages(channelId: string): ApiMessage[] {
    return this.#messages.get(channelId) ?? [];
  }

  /** Stores a channel message and announces it (MESSAGE_CREATE needs the GUILD_MESSAGES intent). */
  addMessage(message: ApiMessage): ApiMessage {
    const channel = this.channel(message.channel_id);
    this.messages(channel.id).push(message);
    channel.last_message_id = message.id;
    this.dispatch('MESSAGE_CREATE', this.#messageEvent(message), { guildId: channel.guild_id, intent: Intent.GuildMessages });
    return message;
  }

  findMessage(channelId: string, messageId: string): ApiMessage {
    const message = this.messages(this.channel(channelId).id).find((m) => m.id === messageId);
    if (!message) throw errors.unknownMessage();
    return message;
  }

  /** Announces an in-place change of a stored message. */
  messageUpdated(message: ApiMessage): void {
    if (!this.messages(message.channel_id).includes(message)) return;
    this.dispatch('MESSAGE_UPDATE', this.#messageEvent(message), { guildId: message.guild_id, intent: Intent.GuildMessages });
  }

  deleteMessage(channelId: string, messageId: string): void {
    const list = this.messages(channelId);
    const index = list.findIndex((m) => m.id === messageId);
    if (index < 0) throw errors.unknownMessage();
    list.splice(index, 1);
    const guildId = this.channel(channelId).guild_id;
    this.dispatch('MESSAGE_DELETE', { id: messageId, channel_id: channelId, guild_id: guildId }, { guildId, intent: Intent.GuildMessages });
  }

  #messageEvent(message: ApiMessage): Json {
    const member = message.guild_id ? this.guilds.get(message.guild_id)?.members.get(message.author.id) : undefined;
    const { user: _user, ...memberWithoutUser } = member ?? { user: undefined };
    return member ? { ...message, member: memberWithoutUser } : { ...message };
  }

  #setOverwrite(channel: ApiChannel, userId: string, access: Omit<ChannelAccess, 'userId'>): void {
    const existing = channel.permission_overwrites.find((o) => o.type === 1 && o.id === userId);
    const ow: Overwrite = existing ?? { id: userId, type: 1, allow: '0', deny: '0' };
    let allow = BigInt(ow.allow);
    let deny = BigInt(ow.deny);
    const set = (bit: bigint, value: boolean | undefined) => {
      if (value === undefined) return;
      allow = value ? allow | bit : allow & ~bit;
      deny = value ? deny & ~bit : deny | bit;
    };
    set(Permission.SendMessages, access.canPost);
    set(Permission.ViewChannel, access.canView);
    ow.allow = allow.toString();
    ow.deny = deny.toString();
    if (!existing && (allow || deny)) channel.permission_overwrites.push(ow);
  }

  #putMember(guild: Guild, userId: string, roles: string[]): ApiMember {
    const user = this.users.get(userId);
    if (!user) throw errors.unknownUser();
    const member: ApiMember = {
      user,
      nick: null,
      avatar: null,
      roles,
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
    };
    guild.members.set(userId, member);
    return member;
  }

  #userShape(id: string, username: string): ApiUser {
    return { id, username, global_name: null, discriminator: '0', avatar: null, public_flags: 0 };
  }

  #roleShape(id: string, name: string, permissions: bigint, position: number): ApiRole {
    return {
      id,
      name,
      permissions: permissions.toString(),
      position,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      icon: null,
      unicode_emoji: null,
      flags: 0,
    };
  }
}
