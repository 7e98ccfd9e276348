// Test helpers: a throwaway corpus directory, and where the shared real corpora live (when present).
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const sharedCorpus = resolve(repoRoot, '..', 'shared', 'corpus');
export const sharedPresent = existsSync(join(sharedCorpus, 'en')) && existsSync(join(sharedCorpus, 'vi'));
export const seedsDir = join(repoRoot, 'seeds');

/** Writes `files` (relative path → text or bytes) under a fresh temp directory and returns it. */
export function corpusDir(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-corpus-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

export function frontMatter(fields: string, body = ''): string {
  return `---\n${fields}\n---\n${body}`;
}
