// Dispatches interactions to command modules: slash commands, autocomplete, buttons. Permissions a command
// declares (default_member_permissions) are checked again here, since server admins can override the default.
import { DiscordAPIError, PermissionsBitField, type Interaction, type RepliableInteraction } from 'discord.js';
import type { CommandRegistry, SlashCommand } from './command.ts';
import type { AppContext } from './context.ts';
import { translator } from './i18n.ts';
import { optionProblems, optionRefusal } from './option-check.ts';
import { replyPrivately } from './reply.ts';
import { safeError } from './safe-error.ts';

/** True when the member may run the command: it declares no permissions, or the member holds them all. */
export function mayRun(command: SlashCommand, memberPermissions: Readonly<PermissionsBitField> | null): boolean {
  const required = command.data.toJSON().default_member_permissions;
  if (required === null || required === undefined) return true;
  return memberPermissions?.has(BigInt(required)) ?? false;
}

/** https://discord.com/developers/docs/topics/opcodes-and-status-codes#json: "Interaction has already been acknowledged". */
const ALREADY_ACKNOWLEDGED = 40060;

/**
 * Several processes without SHARDS all receive every interaction and race to answer; the losers get 40060.
 * That is the expected outcome of the race, not a failure, and the winner has answered the user.
 */
function lostTheRace(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === ALREADY_ACKNOWLEDGED;
}

/** The command a button belongs to: custom_ids start with `<command name>:`. */
function buttonOwner(customId: string): string {
  return customId.split(':', 1)[0] ?? '';
}

export function createInteractionRouter(registry: CommandRegistry, ctx: AppContext): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    const tr = translator(interaction.locale);
    const name = interaction.isChatInputCommand() || interaction.isAutocomplete()
      ? interaction.commandName
      : interaction.isButton() ? buttonOwner(interaction.customId) : undefined;
    const command = name === undefined ? undefined : registry.get(name);
    if (!command) {
      if (name !== undefined) ctx.log.warn({ command: name }, 'interaction for an unknown command');
      return;
    }
    const refuse = (refused: RepliableInteraction) => replyPrivately(refused, tr('error.notAllowed', { command: command.data.name }));
    try {
      if (interaction.isAutocomplete()) {
        // Someone who may not run the command gets no suggestions either (they reveal server configuration).
        if (!command.autocomplete || !mayRun(command, interaction.memberPermissions)) return void (await interaction.respond([]));
        await command.autocomplete(interaction, ctx);
      } else if (interaction.isChatInputCommand()) {
        if (!mayRun(command, interaction.memberPermissions)) return void (await refuse(interaction));
        const problems = optionProblems(command.data.toJSON(), interaction.options.data);
        if (problems.length) return void (await replyPrivately(interaction, optionRefusal(command.data.name, problems, tr)));
        const run = () => command.execute(interaction, ctx);
        await (ctx.metrics ? ctx.metrics.timeCommand(command.data.name, run) : run());
      } else if (interaction.isButton() && command.button) {
        // A button acts for its command: pressed by someone who may not run it (permissions taken away since the
        // reply, or a message shown to others), it is refused the same way.
        if (!mayRun(command, interaction.memberPermissions)) return void (await refuse(interaction));
        await command.button(interaction, ctx);
      }
    } catch (error) {
      if (lostTheRace(error)) return void ctx.log.debug({ command: name, interaction: interaction.id }, 'another process answered this interaction');
      ctx.log.error({ err: safeError(error), command: name, interaction: interaction.id }, 'interaction failed');
      try {
        if (interaction.isAutocomplete()) {
          if (!interaction.responded) await interaction.respond([]);
        } else if (interaction.isRepliable()) {
          await replyPrivately(interaction, tr('error.generic'));
        }
      } catch (replyError) {
        ctx.log.warn({ err: safeError(replyError), command: name, interaction: interaction.id }, 'could not tell the user about the failure');
      }
    }
  };
}
