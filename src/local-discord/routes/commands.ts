// Application commands: global (/applications/{id}/commands) and per guild.
import { errors } from '../errors.ts';
import type { RequestContext, RouteDef } from '../rest-router.ts';
import type { Json } from '../types.ts';
import type { Services } from './services.ts';

export function commandRoutes(s: Services): RouteDef[] {
  /** The guild of a guild-scoped route (undefined for global), after checking the application id. */
  const scope = ({ params }: RequestContext) => {
    if (params.application_id !== s.applicationId) throw errors.missingAccess();
    if (params.guild_id) s.state.guild(params.guild_id);
    return params.guild_id;
  };
  const routes: RouteDef[] = [];
  for (const base of ['/applications/{application_id}/commands', '/applications/{application_id}/guilds/{guild_id}/commands']) {
    routes.push(
      { method: 'GET', path: base, handler: (ctx) => ({ body: s.commands.list(scope(ctx)) }) },
      { method: 'PUT', path: base, handler: (ctx) => ({ body: s.commands.overwrite((ctx.body ?? []) as Json[], scope(ctx)) }) },
      {
        method: 'POST',
        path: base,
        handler: (ctx) => {
          const { command, created } = s.commands.upsert(ctx.body as Json, scope(ctx));
          return { status: created ? 201 : 200, body: command };
        },
      },
      { method: 'GET', path: `${base}/{command_id}`, handler: (ctx) => ({ body: s.commands.get(ctx.params.command_id!, scope(ctx)) }) },
      { method: 'PATCH', path: `${base}/{command_id}`, handler: (ctx) => ({ body: s.commands.edit(ctx.params.command_id!, ctx.body as Json, scope(ctx)) }) },
      {
        method: 'DELETE',
        path: `${base}/{command_id}`,
        handler: (ctx) => {
          s.commands.delete(ctx.params.command_id!, scope(ctx));
          return {};
        },
      },
    );
  }
  return routes;
}
