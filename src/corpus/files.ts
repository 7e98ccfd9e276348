// Finding corpus files: directories are walked recursively for .md, .markdown, .txt and extension-less
// files; hidden files and folders (.git, .DS_Store) are not articles and are not counted.
//
// The walk goes by real path and visits each folder and file once, so hostile folders cannot hang it or
// leak out of it: a symlink loop, a link to a folder already walked, a link leaving the configured folders
// (an operator who wants a linked folder lists it in CORPUS_DIRS), a folder it cannot read and a folder
// nested absurdly deep are each reported as a skipped entry with its reason, and the rest loads.
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, normalize, sep } from 'node:path';
import type { SkippedFile } from '../types.ts';
import { slice } from '../index/snapshot/slices.ts';

const ARTICLE_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '']);

export const WALK_DEFAULTS = {
  /** Folders below a configured folder deeper than this are reported, not walked (no real corpus nests so). */
  maxDepth: 32,
};

export class CorpusDirectoryError extends Error {}

export interface ArticleFiles {
  /** Article file paths as found under the configured folders (not resolved), sorted for a stable order. */
  files: string[];
  /** Entries the walk did not follow, with the reason: they count as files seen. */
  skipped: SkippedFile[];
}

/** A symlink met during the walk, followed once every real folder has been walked. */
interface PendingLink {
  path: string;
  /** Real path of the folder holding the link. */
  parentReal: string;
  depth: number;
}

/** Article files under `dirs` (each a folder or a single file). Throws CorpusDirectoryError when one is missing or unreadable. */
export async function listArticleFiles(dirs: string[], options: Partial<typeof WALK_DEFAULTS> = {}): Promise<ArticleFiles> {
  const walk = new Walk({ ...WALK_DEFAULTS, ...options });
  const roots: { dir: string; real: string }[] = [];
  const rootFiles: { dir: string; real: string }[] = [];
  for (const dir of dirs) {
    let info, real;
    try {
      info = await stat(dir);
      real = await realpath(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CorpusDirectoryError(code === 'ENOENT' ? `corpus directory does not exist: ${dir}` : `cannot read corpus directory ${dir}: ${code}`);
    }
    (info.isFile() ? rootFiles : roots).push({ dir, real });
  }
  walk.allowed = roots.map((root) => root.real);
  for (const root of roots) {
    const unreadable = await walk.folder(root.dir, root.real, 0);
    if (unreadable) throw new CorpusDirectoryError(`cannot read corpus directory ${root.dir}: ${unreadable}`);
  }
  // After the folders, so a configured file inside a configured folder is listed once.
  for (const file of rootFiles) walk.addFile(file.dir, file.real);
  // Links are followed after every real folder is walked, so a real folder is always found under its own name.
  for (let i = 0; i < walk.links.length; i++) await walk.follow(walk.links[i]!);
  return { files: await sortPaths(walk.files), skipped: walk.skipped };
}

/**
 * Paths sorted in runs of SORT_RUN, then runs merged pairwise, yielding to the event loop between pieces when
 * the slice shared with other work is spent (slices.ts): one sort of 100k paths held the thread 20–50 ms (a
 * bot's reseed lists its folders while it serves). A comparator
 * sorts ~8× faster than the default (which compares the same UTF-16 code units).
 */
async function sortPaths(paths: string[]): Promise<string[]> {
  if (paths.length <= SORT_RUN) return paths.sort(comparePaths);
  let runs: string[][] = [];
  for (let start = 0; start < paths.length; start += SORT_RUN) {
    await pause();
    runs.push(paths.slice(start, start + SORT_RUN).sort(comparePaths));
  }
  while (runs.length > 1) {
    const merged: string[][] = [];
    for (let k = 0; k < runs.length; k += 2) merged.push(k + 1 < runs.length ? await mergeRuns(runs[k]!, runs[k + 1]!) : runs[k]!);
    runs = merged;
  }
  return runs[0]!;
}

async function mergeRuns(a: string[], b: string[]): Promise<string[]> {
  const out = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    out[n++] = a[i]! < b[j]! ? a[i++]! : b[j++]!;
    if (n % SORT_RUN === 0) await pause();
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  return out;
}

const comparePaths = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Paths sorted or merged between checks of the slice (a few milliseconds). */
const SORT_RUN = 8192;
const SORT_SLICE_MS = 10;
const pause = () => slice(SORT_SLICE_MS);

class Walk {
  readonly files: string[] = [];
  readonly skipped: SkippedFile[] = [];
  readonly links: PendingLink[] = [];
  /** Configured folders by real path: links may lead anywhere inside them. */
  allowed: string[] = [];
  /** Real path → path it was first found under. Files walked in a real folder are known through their folder. */
  private readonly seenFolders = new Map<string, string>();
  private readonly linkedFiles = new Map<string, string>();

  private readonly limits: typeof WALK_DEFAULTS;

  constructor(limits: typeof WALK_DEFAULTS) {
    this.limits = limits;
  }

  /** A file reached as a configured path or through a link: listed unless it is already. */
  addFile(path: string, real: string): void {
    const first = this.linkedFiles.get(real) ?? this.walkedPath(real);
    if (first === undefined) {
      this.linkedFiles.set(real, path);
      this.files.push(path);
    } else if (first !== path) this.skipped.push({ path, reason: `same file as ${first}, already loaded` });
  }

  /** Where the folder walk listed the file at `real`, if it did. */
  private walkedPath(real: string): string | undefined {
    const folder = this.seenFolders.get(dirname(real));
    const name = basename(real);
    return folder !== undefined && !name.startsWith('.') && isArticleName(name) ? join(folder, name) : undefined;
  }

  /** Walks the real folders under `path` (iteratively, so depth costs no stack), queueing links. Returns why `path` itself cannot be read, if it cannot. */
  async folder(path: string, real: string, depth: number): Promise<string | undefined> {
    // Children are named by concatenation, not join(): join normalizes every path (~6 µs each, most of a
    // 100k-file walk), and a normalized folder plus an entry name (never holding a separator) needs none.
    const normalized = normalize(path);
    const stack = [{ path, real, depth }];
    for (let next = stack.pop(); next; next = stack.pop()) {
      // Configured folders may overlap: a folder reached twice without a link is the same folder, not news.
      if (this.seenFolders.has(next.real)) continue;
      this.seenFolders.set(next.real, next.path);
      let entries;
      try {
        entries = await readdir(next.path, { withFileTypes: true });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        if (next.path === path) return code;
        this.skipped.push({ path: next.path, reason: `unreadable folder: ${code}` });
        continue;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const child = childPath(next.path === path ? normalized : next.path, entry.name);
        const depth = next.depth + 1;
        if (entry.isSymbolicLink()) this.links.push({ path: child, parentReal: next.real, depth });
        else if (entry.isDirectory()) {
          if (depth > this.limits.maxDepth) this.skipped.push({ path: child, reason: tooDeep(this.limits.maxDepth) });
          else stack.push({ path: child, real: childPath(next.real, entry.name), depth });
        } else if (entry.isFile() && isArticleName(entry.name)) this.files.push(child);
      }
    }
    return undefined;
  }

  async follow(link: PendingLink): Promise<void> {
    let real, info;
    try {
      real = await realpath(link.path);
      info = await stat(real);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') this.skipped.push({ path: link.path, reason: 'symlink loop: the link resolves to itself' });
      else if (isArticleName(link.path)) this.skipped.push({ path: link.path, reason: `broken link: ${code ?? (error as Error).message}` });
      return;
    }
    if (!this.allowed.some((root) => isInside(real, root))) {
      this.skipped.push({ path: link.path, reason: `links outside the corpus folders (to ${real}); list that folder in CORPUS_DIRS to load it` });
    } else if (info.isDirectory()) {
      const first = this.seenFolders.get(real);
      if (first === undefined) {
        if (link.depth > this.limits.maxDepth) this.skipped.push({ path: link.path, reason: tooDeep(this.limits.maxDepth) });
        else {
          const unreadable = await this.folder(link.path, real, link.depth);
          if (unreadable) this.skipped.push({ path: link.path, reason: `unreadable folder: ${unreadable}` });
        }
      } else if (isInside(link.parentReal, real)) this.skipped.push({ path: link.path, reason: `symlink loop: leads back to ${first}` });
      else this.skipped.push({ path: link.path, reason: `links to a folder already loaded: ${first}` });
    } else if (info.isFile() && isArticleName(link.path)) this.addFile(link.path, real);
  }
}

/** join(folder, name) for a normalized folder and an entry name. */
function childPath(folder: string, name: string): string {
  return folder.endsWith(sep) ? folder + name : folder + sep + name;
}

function tooDeep(maxDepth: number): string {
  return `folder nested deeper than ${maxDepth} folders below the corpus folder`;
}

function isArticleName(path: string): boolean {
  return ARTICLE_EXTENSIONS.has(extname(path).toLowerCase());
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}
