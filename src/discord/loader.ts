// Collects the slash commands: every module in `commands/` that exports `data` and `execute`.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandRegistry, SlashCommand } from './command.ts';

export const COMMANDS_DIR = resolve(import.meta.dirname, '..', '..', 'commands');

function isSlashCommand(value: Record<string, unknown>): boolean {
  const data = value.data as { name?: unknown; toJSON?: unknown } | undefined;
  return typeof data?.name === 'string' && typeof data.toJSON === 'function' && typeof value.execute === 'function';
}

/** Loads the command modules of `dir`, by file name order; a module that is not a command is an error, not a silent skip. */
export async function loadCommands(dir: string = COMMANDS_DIR): Promise<CommandRegistry> {
  const files = (await readdir(dir)).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
  const registry = new Map<string, SlashCommand>();
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
    if (!isSlashCommand(mod)) throw new Error(`${join(dir, file)} must export \`data\` (a SlashCommandBuilder) and \`execute\``);
    const command = mod as unknown as SlashCommand;
    if (registry.has(command.data.name)) throw new Error(`Two command modules are named "${command.data.name}" (${file})`);
    registry.set(command.data.name, command);
  }
  return registry;
}

/** The JSON bodies Discord's bulk-overwrite endpoint takes. */
export function commandBodies(registry: CommandRegistry) {
  return [...registry.values()].map((c) => c.data.toJSON());
}
