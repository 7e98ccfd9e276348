// Permission bits we compute with (https://discord.com/developers/docs/topics/permissions).
export const Permission = {
  CreateInstantInvite: 1n << 0n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  UseApplicationCommands: 1n << 31n,
  SendMessagesInThreads: 1n << 38n,
} as const;

export const ALL_PERMISSIONS = (1n << 53n) - 1n;

/** What @everyone gets in a fresh guild: read, talk, use commands. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  Permission.CreateInstantInvite | Permission.AddReactions | Permission.ViewChannel | Permission.SendMessages |
  Permission.EmbedLinks | Permission.AttachFiles | Permission.ReadMessageHistory | Permission.UseExternalEmojis |
  Permission.UseApplicationCommands | Permission.SendMessagesInThreads;

/** A typical bot invite: post, embed, read history, manage its own messages. Not admin. */
export const DEFAULT_BOT_PERMISSIONS =
  DEFAULT_EVERYONE_PERMISSIONS | Permission.ManageMessages;

export interface Overwrite {
  id: string;
  /** 0 = role, 1 = member */
  type: 0 | 1;
  allow: string;
  deny: string;
}

/** Discord's algorithm: base from roles, then @everyone, role and member overwrites. */
export function computePermissions(input: {
  guildId: string;
  ownerId: string;
  userId: string;
  rolePermissions: Map<string, bigint>;
  memberRoles: string[];
  overwrites?: Overwrite[];
}): bigint {
  if (input.userId === input.ownerId) return ALL_PERMISSIONS;
  let perms = input.rolePermissions.get(input.guildId) ?? 0n;
  for (const role of input.memberRoles) perms |= input.rolePermissions.get(role) ?? 0n;
  if (perms & Permission.Administrator) return ALL_PERMISSIONS;
  const ows = input.overwrites ?? [];
  const apply = (ow: Overwrite | undefined) => {
    if (ow) perms = (perms & ~BigInt(ow.deny)) | BigInt(ow.allow);
  };
  apply(ows.find((o) => o.id === input.guildId));
  let allow = 0n;
  let deny = 0n;
  for (const ow of ows) {
    if (ow.type === 0 && input.memberRoles.includes(ow.id)) {
      allow |= BigInt(ow.allow);
      deny |= BigInt(ow.deny);
    }
  }
  perms = (perms & ~deny) | allow;
  apply(ows.find((o) => o.type === 1 && o.id === input.userId));
  return perms;
}
