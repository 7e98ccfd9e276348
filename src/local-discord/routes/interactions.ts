// Interaction callbacks and the interaction webhook (edit/get/delete @original, follow-ups).
import type { RouteDef } from '../rest-router.ts';
import type { Json } from '../types.ts';
import { attachmentsFor, type Services } from './services.ts';

export function interactionRoutes(s: Services): RouteDef[] {
  const hub = s.interactions;
  const message = '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}';
  const original = '/webhooks/{webhook_id}/{webhook_token}/messages/@original';
  const routes: RouteDef[] = [
    {
      method: 'POST',
      path: '/interactions/{interaction_id}/{interaction_token}/callback',
      auth: 'none',
      handler: ({ params, body, query }) =>
        hub.callback(params.interaction_id!, params.interaction_token!, (body ?? {}) as Json, query.get('with_response') === 'true'),
    },
    {
      method: 'POST',
      path: '/webhooks/{webhook_id}/{webhook_token}',
      auth: 'none',
      handler: ({ params, body, files }) => {
        const record = hub.byToken(params.webhook_id!, params.webhook_token!);
        const payload = (body ?? {}) as Json;
        return { body: hub.followUp(record, payload, attachmentsFor(s, payload, files)) };
      },
    },
  ];
  // @original and a follow-up id behave the same; the literal path is listed for the spec lookup.
  for (const path of [original, message]) {
    const id = (params: Record<string, string>) => params.message_id ?? '@original';
    routes.push(
      {
        method: 'GET',
        path,
        auth: 'none',
        handler: ({ params }) => ({ body: hub.message(hub.byToken(params.webhook_id!, params.webhook_token!), id(params)) }),
      },
      {
        method: 'PATCH',
        path,
        auth: 'none',
        handler: ({ params, body, files }) => {
          const record = hub.byToken(params.webhook_id!, params.webhook_token!);
          const payload = (body ?? {}) as Json;
          return { body: hub.editMessage(record, id(params), payload, attachmentsFor(s, payload, files)) };
        },
      },
      {
        method: 'DELETE',
        path,
        auth: 'none',
        handler: ({ params }) => {
          hub.deleteMessage(hub.byToken(params.webhook_id!, params.webhook_token!), id(params));
          return {};
        },
      },
    );
  }
  return routes;
}
