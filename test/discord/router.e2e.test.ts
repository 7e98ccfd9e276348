// A command that fails: the user gets a private "something went wrong" in their language, whether the command
// had deferred or not, and the log says what failed without the tokens that would let anyone act as the bot.
import { beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/discord/i18n.ts';
import { opts, run, sub, useWorld, type World } from './harness.ts';

const CALLBACK = '/interactions/{interaction_id}/{interaction_token}/callback';
/** discord.js sends `@original` percent-encoded. */
const ORIGINAL = /^\/webhooks\/\d+\/[^/]+\/messages\/(@|%40)original$/;

const world = useWorld();
let w: World;
beforeAll(() => {
  w = world();
});

/** The log lines about failed interactions, parsed. */
function failures(): Record<string, unknown>[] {
  return w.logs.flatMap((line) => line.split('\n')).filter((line) => line.includes('"interaction failed"')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('a command that throws', () => {
  it('before replying: the user gets a private, localized error and the log names the command, not the tokens', async () => {
    // Discord refuses the bot's answer once, as it would a malformed one: the command throws from interaction.reply.
    w.discord.inject5xx(CALLBACK, { method: 'POST', status: 400, count: 1 });
    const before = failures().length;
    const reply = await run(w, 'news', opts({ topic: 'AI' }), 'reader', { locale: 'vi' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe(t('vi', 'error.generic'));
    expect(reply.embeds).toEqual([]);

    const logged = failures().slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, command: 'news', interaction: reply.interaction.id });
    const text = JSON.stringify(logged[0]);
    expect(text).toMatch(/400/);
    // The URL stays useful for debugging, minus the token.
    expect(text).toContain(`/interactions/${reply.interaction.id}/[Redacted]/callback`);
    expect(text).not.toContain(reply.interaction.token);
    expect(text).not.toContain(w.discord.token);
  });

  it('after deferring: the deferred reply becomes the error, still private', async () => {
    // /feed list defers privately, then its answer (an edit of the deferred reply) is refused once.
    w.discord.inject5xx(ORIGINAL, { method: 'PATCH', status: 400, count: 1 });
    const before = failures().length;
    const reply = await run(w, 'feed', sub('list'));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe(t('en', 'error.generic'));

    const logged = failures().slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ command: 'feed' });
    const text = JSON.stringify(logged[0]);
    expect(text).not.toContain(reply.interaction.token);
    expect(text).not.toContain(w.discord.token);
  });
});
