// API object shapes as the server sends them (a subset of Discord's, the fields clients read).
import type { Overwrite } from './permissions.ts';

export type Json = Record<string, unknown>;

export interface ApiUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
  public_flags: number;
}

export interface ApiRole {
  id: string;
  name: string;
  permissions: string;
  position: number;
  color: number;
  hoist: boolean;
  managed: boolean;
  mentionable: boolean;
  icon: null;
  unicode_emoji: null;
  flags: number;
  tags?: Json;
}

export interface ApiMember {
  user: ApiUser;
  nick: string | null;
  avatar: null;
  roles: string[];
  joined_at: string;
  deaf: boolean;
  mute: boolean;
  flags: number;
  pending: boolean;
}

export interface ApiChannel {
  id: string;
  type: number;
  guild_id: string;
  name: string;
  position: number;
  permission_overwrites: Overwrite[];
  parent_id: string | null;
  topic: string | null;
  nsfw: boolean;
  last_message_id: string | null;
  rate_limit_per_user: number;
}

export interface ApiMessage {
  id: string;
  type: number;
  channel_id: string;
  guild_id?: string;
  author: ApiUser;
  content: string;
  embeds: Json[];
  components: Json[];
  attachments: Json[];
  mentions: ApiUser[];
  mention_roles: string[];
  mention_everyone: boolean;
  pinned: boolean;
  tts: boolean;
  timestamp: string;
  edited_timestamp: string | null;
  flags: number;
  nonce?: string | number;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Json;
  message_reference?: Json;
  /** Not part of Discord's message object: kept so tests can inspect what the client asked for. */
  allowed_mentions?: Json;
}

export interface ApiCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  version: string;
  type: number;
  name: string;
  description: string;
  options?: Json[];
  default_member_permissions: string | null;
  nsfw: boolean;
  [key: string]: unknown;
}

export interface Guild {
  id: string;
  name: string;
  ownerId: string;
  createdAt: string;
  roles: Map<string, ApiRole>;
  members: Map<string, ApiMember>;
  channelIds: string[];
}
