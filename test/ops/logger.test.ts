import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/logger.ts';
import { scrubSecrets } from '../../src/ops/scrub-secrets.ts';

// A token-shaped string (not a real one): base64 id . timestamp . hmac
const TOKEN = 'MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';

function collect() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, text: () => lines.join('') };
}

describe('createLogger', () => {
  it('writes JSON lines with level and message', () => {
    const { logger, lines } = collect();
    logger.info({ feed: 'f1' }, 'feed ran');
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 30, msg: 'feed ran', feed: 'f1' });
  });

  it('redacts secret fields at the top level and nested', () => {
    const { logger, text } = collect();
    logger.info({ token: 'plain-secret-1', config: { password: 'plain-secret-2' }, req: { headers: { authorization: 'plain-secret-3' } } }, 'x');
    expect(text()).not.toMatch(/plain-secret-\d/);
    expect(text()).toContain('[Redacted]');
  });

  it('scrubs credential URLs and tokens from messages, fields and errors', () => {
    const { logger, text } = collect();
    logger.info(`connecting to redis://admin:hunter2@cache:6379/0 as ${TOKEN}`);
    logger.warn({ url: 'postgres://bot:s3cret@db/news' }, 'store');
    logger.error({ err: new Error(`login failed with Bot ${TOKEN} at https://u:p4ss@example.com/x?token=abc123`) }, 'boom');
    const out = text();
    for (const secret of ['hunter2', 'admin:', 's3cret', TOKEN, 'p4ss', 'abc123']) expect(out).not.toContain(secret);
    // the rest of the information survives
    expect(out).toContain('cache:6379/0');
    expect(out).toContain('db/news');
    expect(out).toContain('login failed');
  });

  it('cuts interaction and webhook tokens out of Discord API URLs in messages, fields and errors', () => {
    const { logger, text } = collect();
    const interactionToken = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5OmFiY2RlZmdoaWprbG1ub3A';
    const webhookToken = 'd2ViaG9vay10b2tlbi1mb3ItdGVzdHM_x-y';
    const callback = `https://discord.com/api/v10/interactions/1203456789012345678/${interactionToken}/callback`;
    const followUp = `https://discord.com/api/v10/webhooks/1098765432109876543/${webhookToken}/messages/@original`;
    logger.warn(`reply failed: POST ${callback}`);
    logger.info({ url: `${followUp}?wait=true`, path: `/webhooks/1098765432109876543/${webhookToken}` }, 'follow-up');
    logger.error({ err: new Error(`Unknown interaction\n    at ${callback}\n    at PATCH ${followUp}`) }, 'interaction failed');
    const out = text();
    expect(out).not.toContain(interactionToken);
    expect(out).not.toContain(webhookToken);
    // which request it was stays readable
    expect(out).toContain('/interactions/1203456789012345678/[Redacted]/callback');
    expect(out).toContain('/webhooks/1098765432109876543/[Redacted]/messages/@original?wait=true');
    expect(out).toContain('"path":"/webhooks/1098765432109876543/[Redacted]"');
    for (const line of out.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('keeps every line valid JSON when a token follows an escape such as \\n, \\t or \\u001b', () => {
    const { logger, lines } = collect();
    logger.error(`login failed:\n${TOKEN}`);
    logger.error({ err: new Error(`rejected\tBearer abcdefghijklmnopqrstuvwx\n${TOKEN}`) }, `colour\u001b${TOKEN} and path C:\\\\${TOKEN}`);
    const entries = lines.map((line) => JSON.parse(line) as { msg: string; err?: { message: string } });
    expect(entries[0]!.msg).toBe('login failed:\n[Redacted]');
    expect(entries[1]!.err!.message).toBe('rejected\tBearer [Redacted]\n[Redacted]');
    expect(entries[1]!.msg).toBe('colour\u001b[Redacted] and path C:\\\\[Redacted]');
  });

  it('honours the level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', destination: { write: (l: string) => void lines.push(l) } });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
  });
});

describe('scrubSecrets', () => {
  it('leaves ordinary text and URLs alone', () => {
    const text = 'posted https://vnexpress.net/ai-123.html and https://medium.com/@author/story to 1234567890 at 10:00';
    expect(scrubSecrets(text)).toBe(text);
  });

  it('scrubs secret query parameters by any name that holds pass, secret, token or key', () => {
    expect(scrubSecrets('GET https://api.example.com/feed.xml?api_key=s3cr3t&page=2 and ?apikey=k1#top, &client_secret=x')).toBe(
      'GET https://api.example.com/feed.xml?api_key=[Redacted]&page=2 and ?apikey=[Redacted]#top, &client_secret=[Redacted]',
    );
  });

  it('scrubs a token that follows a backslash in plain text, and keeps the text around it', () => {
    expect(scrubSecrets(`C:\\bots\\${TOKEN}\\config`)).toBe('C:\\bots\\[Redacted]\\config');
  });
});
