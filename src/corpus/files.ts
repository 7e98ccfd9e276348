// Finding corpus files: directories are walked recursively for .md, .markdown, .txt and extension-less
// files; hidden files and folders (.git, .DS_Store) are not articles and are not counted.
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

const ARTICLE_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '']);

export class CorpusDirectoryError extends Error {}

/** Article file paths under `dir` (or `dir` itself when it is a file), sorted for a stable order. */
export async function listArticleFiles(dir: string): Promise<string[]> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CorpusDirectoryError(code === 'ENOENT' ? `corpus directory does not exist: ${dir}` : `cannot read corpus directory ${dir}: ${code}`);
  }
  if (info.isFile()) return [dir];
  const files: string[] = [];
  await walk(dir, files);
  return files.sort();
}

async function walk(dir: string, files: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    const kind = entry.isSymbolicLink() ? await stat(path).then((s) => (s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other'), () => 'other') : entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
    if (kind === 'dir') await walk(path, files);
    else if (kind === 'file' && ARTICLE_EXTENSIONS.has(extname(entry.name).toLowerCase())) files.push(path);
  }
}
