// Application commands, global and per guild, as Discord stores them.
import type { SnowflakeGenerator } from './snowflake.ts';
import { errors } from './errors.ts';
import type { ApiCommand, Json } from './types.ts';

const GLOBAL = 'global';

export class CommandStore {
  readonly #scopes = new Map<string, Map<string, ApiCommand>>();
  readonly #ids: SnowflakeGenerator;
  readonly #applicationId: string;

  constructor(applicationId: string, ids: SnowflakeGenerator) {
    this.#applicationId = applicationId;
    this.#ids = ids;
  }

  list(guildId?: string): ApiCommand[] {
    return [...this.#scope(guildId).values()];
  }

  get(commandId: string, guildId?: string): ApiCommand {
    const command = this.#scope(guildId).get(commandId);
    if (!command) throw errors.unknownCommand();
    return command;
  }

  /** Finds what a user would invoke: a guild command shadows a global one of the same name and type. */
  resolve(name: string, type: number, guildId?: string): ApiCommand | undefined {
    const match = (c: ApiCommand) => c.name === name && c.type === type;
    return (guildId ? this.list(guildId).find(match) : undefined) ?? this.list().find(match);
  }

  /** Bulk overwrite: commands keep their id when one of the same name and type existed. */
  overwrite(bodies: Json[], guildId?: string): ApiCommand[] {
    const old = this.list(guildId);
    const scope = this.#scope(guildId);
    scope.clear();
    for (const body of bodies) {
      const previous = old.find((c) => c.name === body.name && c.type === (body.type ?? 1));
      const command = this.#build(body, guildId, previous);
      scope.set(command.id, command);
    }
    return this.list(guildId);
  }

  /** POST semantics: creating a command whose name exists updates it. */
  upsert(body: Json, guildId?: string): { command: ApiCommand; created: boolean } {
    const previous = this.list(guildId).find((c) => c.name === body.name && c.type === (body.type ?? 1));
    const command = this.#build(body, guildId, previous);
    this.#scope(guildId).set(command.id, command);
    return { command, created: !previous };
  }

  edit(commandId: string, body: Json, guildId?: string): ApiCommand {
    const previous = this.get(commandId, guildId);
    const command = this.#build({ ...previous, ...body }, guildId, previous);
    this.#scope(guildId).set(command.id, command);
    return command;
  }

  delete(commandId: string, guildId?: string): void {
    if (!this.#scope(guildId).delete(commandId)) throw errors.unknownCommand();
  }

  #build(body: Json, guildId: string | undefined, previous: ApiCommand | undefined): ApiCommand {
    const command: ApiCommand = {
      ...body,
      id: previous?.id ?? this.#ids.next(),
      application_id: this.#applicationId,
      version: this.#ids.next(),
      type: Number(body.type ?? 1),
      name: String(body.name),
      description: String(body.description ?? ''),
      default_member_permissions: (body.default_member_permissions as string | null | undefined) ?? null,
      nsfw: body.nsfw === true,
    };
    if (guildId) command.guild_id = guildId;
    return command;
  }

  #scope(guildId?: string): Map<string, ApiCommand> {
    const key = guildId ?? GLOBAL;
    let scope = this.#scopes.get(key);
    if (!scope) this.#scopes.set(key, (scope = new Map()));
    return scope;
  }
}
