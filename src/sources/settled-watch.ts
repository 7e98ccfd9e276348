// Watching a folder for changes that are finished. fs.watch reports every write of every file; a news drop
// of 1,000 files or one large file written in chunks must become ONE reload, after the writes have stopped,
// and a file still being written must not be read. So: collect the changed paths until the folder has been
// quiet for `debounceMs`, then compare their size and mtime `settleMs` apart; if anything still moves, wait
// again. Recursive fs.watch needs Node 20 on Linux (inotify per directory, set up by Node).
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Unwatch } from './source.ts';

export interface SettledWatchOptions {
  /** Quiet time after the last event before looking (default 300 ms). */
  debounceMs?: number;
  /** Time between the two size/mtime looks at the changed files (default 200 ms). */
  settleMs?: number;
  /** A watcher failure (the folder removed, the inotify limit reached); the watch stops. Default: ignored. */
  onError?: (error: Error) => void;
}

export const SETTLED_WATCH_DEFAULTS = { debounceMs: 300, settleMs: 200 } as const;

/** Hidden files and folders (editor swap files, `.git`, atomic-write temporaries) are not articles. */
const hidden = (path: string) => path.split(sep).some((part) => part.startsWith('.'));

type Shape = string;
async function shapeOf(path: string): Promise<Shape> {
  try {
    const info = await stat(path);
    return `${info.size}:${info.mtimeMs}`;
  } catch {
    return 'gone';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `onSettled` with the changed paths (relative to `dir`) once a burst of changes is over. */
export function watchSettled(dir: string, onSettled: (paths: string[]) => void, options: SettledWatchOptions = {}): Unwatch {
  const { debounceMs, settleMs } = { ...SETTLED_WATCH_DEFAULTS, ...options };
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let events = 0;
  let closed = false;

  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void settle(), debounceMs);
  };
  const settle = async () => {
    const seen = events;
    const paths = [...pending];
    const before = await Promise.all(paths.map((path) => shapeOf(join(dir, path))));
    await sleep(settleMs);
    const after = await Promise.all(paths.map((path) => shapeOf(join(dir, path))));
    if (closed) return;
    // New events meanwhile: their own timer is armed and will look at everything again.
    if (events !== seen) return;
    if (before.some((shape, i) => shape !== after[i])) return arm();
    pending.clear();
    onSettled(paths);
  };

  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { recursive: true, persistent: false }, (_event, filename) => {
      // Some platforms omit the name: then something changed, somewhere (the folder itself is looked at).
      const path = filename ? String(filename) : '';
      if (path && hidden(path)) return;
      pending.add(path);
      events += 1;
      arm();
    });
  } catch (error) {
    options.onError?.(error as Error);
    return () => {};
  }
  watcher.on('error', (error) => {
    options.onError?.(error);
    stop();
  });
  function stop() {
    closed = true;
    clearTimeout(timer);
    watcher.close();
  }
  return stop;
}
