// The shape of a slash command module in `commands/` (the discord.js guide's convention: `data` + `execute`,
// plus `autocomplete` and a button handler when the command has them). The app context comes as an argument.
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { AppContext } from './context.ts';

export interface SlashCommand {
  /** A SlashCommandBuilder (or anything with its `name` and `toJSON()`). */
  data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void>;
  /** Presses of buttons whose custom_id starts with `<command name>:`. */
  button?(interaction: ButtonInteraction, ctx: AppContext): Promise<void>;
}

/** Commands by name. */
export type CommandRegistry = ReadonlyMap<string, SlashCommand>;
