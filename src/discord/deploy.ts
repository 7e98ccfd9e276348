// Registers the slash commands with Discord: in one guild (instant, for development) or globally.
import { REST, Routes, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

export interface DeployOptions {
  token: string;
  applicationId: string;
  /** Register in this guild only; global when absent. */
  guildId?: string;
  /** REST base of a Discord-compatible server; Discord's own when absent. */
  apiUrl?: string;
}

/** Bulk-overwrites the application's commands (those not in `bodies` are removed); returns how many Discord now has. */
export async function deployCommands(bodies: RESTPostAPIChatInputApplicationCommandsJSONBody[], options: DeployOptions): Promise<number> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const registered = (await rest.put(route, { body: bodies })) as unknown[];
  return registered.length;
}
