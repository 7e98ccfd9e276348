import type { RouteDef } from '../rest-router.ts';
import { channelRoutes } from './channels.ts';
import { commandRoutes } from './commands.ts';
import { interactionRoutes } from './interactions.ts';
import { miscRoutes } from './misc.ts';
import type { Services } from './services.ts';

export type { Services } from './services.ts';

export function allRoutes(s: Services): RouteDef[] {
  return [...miscRoutes(s), ...channelRoutes(s), ...commandRoutes(s), ...interactionRoutes(s)];
}
