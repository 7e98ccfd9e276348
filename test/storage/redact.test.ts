import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/storage/redact.ts';

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
