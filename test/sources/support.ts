// Shared by the source tests: corpus folders on disk, Markdown articles, a store and a corpus per "process".
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DeliveryLogger } from '../../src/delivery/model.ts';

const made: string[] = [];

export function tempDir(prefix = 'newsbot-sources-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A front-matter article whose id follows its URL (https://news.example/<slug>). */
export function markdown(slug: string, heat: number, topic = 'AI', title = `Story ${slug}`): string {
  return `---\ntitle: ${title}\nheat: ${heat}\ntopics: [${topic}]\noriginalUrl: https://news.example/${slug}\npublishedAt: 2024-05-01T08:00:00Z\n---\nBody of ${slug}.\n`;
}

export function writeArticle(dir: string, slug: string, heat: number, topic = 'AI'): string {
  const path = join(dir, `${slug}.md`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, markdown(slug, heat, topic));
  return path;
}

export function memoryLog(): DeliveryLogger & { infos: string[]; errors: string[]; written: () => string } {
  const infos: string[] = [];
  const errors: string[] = [];
  const lines: unknown[] = [];
  return {
    infos,
    errors,
    /** Every warning and error with its fields, as JSON: what a log file would hold. */
    written: () => JSON.stringify(lines),
    info: (_f, message) => void infos.push(message),
    warn: (fields, message) => void lines.push({ fields, message }),
    error: (fields, message) => {
      lines.push({ fields, message });
      errors.push(message);
    },
  };
}

/** Resolves once `check` holds, polling every 20 ms; fails after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not true within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
