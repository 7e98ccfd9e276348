// Channel messages as the bot sees them, with the permission checks Discord applies.
import { errors } from '../errors.ts';
import { applyEdit, buildMessage, requireContent } from '../messages.ts';
import { Permission } from '../permissions.ts';
import type { RouteDef } from '../rest-router.ts';
import type { Json } from '../types.ts';
import { attachmentsFor, type Services } from './services.ts';

export function channelRoutes(s: Services): RouteDef[] {
  const bot = s.state.botUser;

  /** The channel, if the bot can see it (and has `need` there). */
  const access = (channelId: string, need = 0n) => {
    const channel = s.state.channel(channelId);
    const perms = s.state.permissionsOf(channel.guild_id, bot.id, channel.id);
    if (!(perms & Permission.ViewChannel)) throw errors.missingAccess();
    if ((perms & need) !== need) throw errors.missingPermissions();
    return channel;
  };

  return [
    { method: 'GET', path: '/channels/{channel_id}', handler: ({ params }) => ({ body: access(params.channel_id!) }) },
    {
      method: 'POST',
      path: '/channels/{channel_id}/typing',
      handler: ({ params }) => {
        access(params.channel_id!, Permission.SendMessages);
        return {};
      },
    },
    {
      method: 'POST',
      path: '/channels/{channel_id}/messages',
      handler: ({ params, body, files }) => {
        const channel = access(params.channel_id!, Permission.SendMessages);
        const payload = (body ?? {}) as Json;
        const attachments = attachmentsFor(s, payload, files);
        requireContent(payload, attachments);
        const existing = s.nonces.find(bot.id, payload);
        if (existing) return { body: existing };
        const reference = payload.message_reference as Json | undefined;
        const message = buildMessage({
          id: s.state.ids.next(),
          channelId: channel.id,
          guildId: channel.guild_id,
          author: bot,
          body: payload,
          attachments,
          extra: reference ? { type: 19, message_reference: { channel_id: channel.id, guild_id: channel.guild_id, ...reference } } : {},
        });
        s.state.addMessage(message);
        s.nonces.remember(bot.id, payload, message);
        return { body: message };
      },
    },
    {
      method: 'GET',
      path: '/channels/{channel_id}/messages',
      handler: ({ params, query }) => {
        const channel = access(params.channel_id!, Permission.ReadMessageHistory);
        const limit = Math.min(Math.max(Number(query.get('limit') ?? 50), 1), 100);
        const newestFirst = [...s.state.messages(channel.id)].reverse();
        const before = query.get('before');
        const after = query.get('after');
        const around = query.get('around');
        let page = newestFirst;
        if (before) page = newestFirst.filter((m) => BigInt(m.id) < BigInt(before));
        else if (after) page = newestFirst.filter((m) => BigInt(m.id) > BigInt(after)).slice(-limit);
        else if (around) {
          const index = Math.max(0, newestFirst.findIndex((m) => m.id === around));
          page = newestFirst.slice(Math.max(0, index - Math.floor(limit / 2)));
        }
        return { body: page.slice(0, limit) };
      },
    },
    {
      method: 'GET',
      path: '/channels/{channel_id}/messages/{message_id}',
      handler: ({ params }) => ({ body: s.state.findMessage(access(params.channel_id!, Permission.ReadMessageHistory).id, params.message_id!) }),
    },
    {
      method: 'PATCH',
      path: '/channels/{channel_id}/messages/{message_id}',
      handler: ({ params, body, files }) => {
        const message = s.state.findMessage(access(params.channel_id!).id, params.message_id!);
        if (message.author.id !== bot.id) throw errors.cannotEditOthers();
        const payload = (body ?? {}) as Json;
        const attachments = attachmentsFor(s, payload, files);
        applyEdit(message, attachments.length ? { ...payload, attachments } : payload);
        s.state.messageUpdated(message);
        return { body: message };
      },
    },
    {
      method: 'DELETE',
      path: '/channels/{channel_id}/messages/{message_id}',
      handler: ({ params }) => {
        const channel = access(params.channel_id!);
        const message = s.state.findMessage(channel.id, params.message_id!);
        if (message.author.id !== bot.id) access(channel.id, Permission.ManageMessages);
        s.state.deleteMessage(channel.id, message.id);
        return {};
      },
    },
  ];
}
