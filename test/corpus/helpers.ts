// Test helpers: a throwaway corpus directory, and where the shared real corpora live (when present).
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export { repoRoot, seedsDir, sharedCorpus, sharedPresent } from '../support/paths.ts';

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
