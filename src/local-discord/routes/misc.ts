// Gateway discovery, the bot's own user/application, and read-only guild lookups.
import { errors } from '../errors.ts';
import type { RouteDef } from '../rest-router.ts';
import type { Services } from './services.ts';

export function miscRoutes(s: Services): RouteDef[] {
  const application = () => ({
    id: s.applicationId,
    name: s.state.botUser.username,
    icon: null,
    description: '',
    bot_public: true,
    bot_require_code_grant: false,
    flags: 0,
    verify_key: '0'.repeat(64),
    team: null,
    owner: { ...s.state.botUser, bot: undefined, username: `${s.state.botUser.username}-owner` },
    bot: s.state.botUser,
  });
  return [
    { method: 'GET', path: '/gateway', auth: 'none', handler: () => ({ body: { url: s.gatewayUrl() } }) },
    {
      method: 'GET',
      path: '/gateway/bot',
      handler: () => ({
        body: {
          url: s.gatewayUrl(),
          shards: s.shards,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: s.maxConcurrency },
        },
      }),
    },
    { method: 'GET', path: '/users/@me', handler: () => ({ body: { ...s.state.botUser, verified: true, mfa_enabled: false, flags: 0 } }) },
    {
      method: 'GET',
      path: '/users/{user_id}',
      handler: ({ params }) => {
        const user = s.state.users.get(params.user_id!);
        if (!user) throw errors.unknownUser();
        return { body: user };
      },
    },
    { method: 'GET', path: '/applications/@me', handler: () => ({ body: application() }) },
    { method: 'GET', path: '/oauth2/applications/@me', handler: () => ({ body: application() }) },
    {
      method: 'GET',
      path: '/users/@me/guilds',
      handler: () => ({
        body: [...s.state.guilds.values()].map((g) => ({ id: g.id, name: g.name, icon: null, owner: false, permissions: s.state.permissionsOf(g.id, s.state.botUser.id).toString(), features: [] })),
      }),
    },
    {
      method: 'GET',
      path: '/guilds/{guild_id}',
      handler: ({ params }) => {
        const { channels: _c, members: _m, ...guild } = s.state.guildPayload(params.guild_id!);
        return { body: guild };
      },
    },
    {
      method: 'GET',
      path: '/guilds/{guild_id}/channels',
      handler: ({ params }) => ({ body: s.state.guild(params.guild_id!).channelIds.map((id) => s.state.channel(id)) }),
    },
    { method: 'GET', path: '/guilds/{guild_id}/roles', handler: ({ params }) => ({ body: [...s.state.guild(params.guild_id!).roles.values()] }) },
    { method: 'GET', path: '/guilds/{guild_id}/members/{user_id}', handler: ({ params }) => ({ body: s.state.member(params.guild_id!, params.user_id!) }) },
  ];
}
