import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/storage/redact.ts';
import { openStore, StoreError } from '../../src/storage/open-store.ts';
import { createLogger } from '../../src/ops/logger.ts';

describe('redactUrl', () => {
  it('hides passwords, bare user secrets and secret-like query parameters, and keeps the rest', () => {
    expect(redactUrl('redis://default:p4ss@cache.example:6380/2')).toBe('redis://default:***@cache.example:6380/2');
    expect(redactUrl('rediss://tok3n@cache.example')).toBe('rediss://***@cache.example');
    expect(redactUrl('postgres://bot@db/news?sslmode=require&password=x1')).toBe('postgres://***@db/news?sslmode=require&password=***');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('masks credentials even in a string that is not a valid URL', () => {
    expect(redactUrl('redis://us er:pw@@host')).not.toContain('pw');
  });
});

// Passwords people really have: `/`, `@`, `?`, `#`, `:` and spaces unencoded, which WHATWG URL parsing rejects or
// splits in the wrong place. Redaction must not depend on parsing: each password stays out of the redacted URL,
// the store's connection error and every log line that mentions the URL.
describe('redacting URLs that do not parse', () => {
  const HOSTILE = [
    ['redis://:Sl4sh/P@ss@127.0.0.1:1/0', 'Sl4sh/P@ss'],
    ['redis://default:al9ha/be7a/ga6ma@127.0.0.1:1', 'al9ha/be7a/ga6ma'],
    ['rediss://user:p@ssw0rd:m0re@127.0.0.1:1/2', 'p@ssw0rd:m0re'],
    ['postgres://bot:qu3st?ha5h#t4il@127.0.0.1:1/news', 'qu3st?ha5h#t4il'],
    ['redis://onl7/x/tok3n@127.0.0.1:1', 'onl7/x/tok3n'],
  ] as const;

  it('keeps the password out and the host in', () => {
    for (const [url, password] of HOSTILE) {
      const redacted = redactUrl(url);
      expect(redacted, url).not.toContain(password);
      for (const piece of password.split(/[/@?#: ]/).filter((p) => p.length > 3)) expect(redacted, url).not.toContain(piece);
      expect(redacted, url).toContain('127.0.0.1:1');
    }
    // A space cannot be told from the next word in a log line, but a URL known to be one is masked whole.
    expect(redactUrl('postgresql://bot:sp4ce wh1te/@127.0.0.1:1/news')).toBe('postgresql://bot:***@127.0.0.1:1/news');
  });

  it('keeps the password out of the store error and the log lines', async () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (line: string) => void lines.push(line) } });
    for (const [url, password] of HOSTILE) {
      const error = await openStore(url, '/unused').then(() => undefined, (e: unknown) => e as Error);
      expect(error, url).toBeInstanceOf(StoreError);
      expect(error!.message, url).toMatch(/KEYV_URL/);
      logger.error({ err: error }, 'store failed');
      logger.warn(`retrying ${url} in 5 s`);
      logger.info({ keyvUrl: url }, 'configured');
      const everything = [JSON.stringify(error, Object.getOwnPropertyNames(error)), ...lines].join('\n');
      for (const piece of password.split(/[/@?#: ]/).filter((p) => p.length > 3)) expect(everything, url).not.toContain(piece);
    }
  });
});
