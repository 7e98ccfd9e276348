// `newsbot deploy-commands`: registers the slash commands in one guild (instant) or globally, or prints them.
import { commandBodies, loadCommands } from '../discord/loader.ts';
import { deployCommands } from '../discord/deploy.ts';
import { CliError, configFrom, type CliCommand } from './command.ts';

export const deployCommandsCli: CliCommand = {
  help: [
    'Usage: newsbot deploy-commands [--guild ID] [--print]',
    '',
    '  --guild ID   register in this server only (updates instantly; default DISCORD_GUILD_ID, else global)',
    '  --print      print the JSON array that would be registered; no token, no network',
    '',
    'Needs DISCORD_TOKEN (and DISCORD_CLIENT_ID when it cannot be read from the token). Global commands',
    'can take up to an hour to appear in every server.',
  ].join('\n'),
  options: {
    guild: { type: 'string' },
    print: { type: 'boolean' },
  },
  async run(ctx) {
    const bodies = commandBodies(await loadCommands());
    if (ctx.values.print) {
      ctx.io.stdout(`${JSON.stringify(bodies, null, 2)}\n`);
      return 0;
    }
    const config = configFrom(ctx.io.env);
    if (!config.discordToken) throw new CliError('DISCORD_TOKEN is not set: put the bot token in .env (see .env.example), or use --print to see the commands without registering');
    if (!config.discordClientId) throw new CliError('DISCORD_CLIENT_ID is not set and cannot be read from the token: set it to the Application ID (Developer Portal, General Information)');
    const guildFlag = ctx.values.guild as string | undefined;
    if (guildFlag !== undefined && !/^\d{17,20}$/.test(guildFlag)) throw new CliError(`--guild ${guildFlag} is not a server id (17–20 digits)`);
    const guildId = guildFlag ?? config.discordGuildId;
    const count = await deployCommands(bodies, { token: config.discordToken, applicationId: config.discordClientId, guildId, apiUrl: config.discordApiUrl });
    ctx.emit({ registered: count, scope: guildId ? `guild ${guildId}` : 'global' }, (r) => `Registered ${r.registered} commands (${r.scope}).`);
    return 0;
  },
};
