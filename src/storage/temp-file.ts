// Temporary files for what a process would rather not hold in memory (a large load's bodies, an index build's
// posting log). A file is removed as soon as it is open, so nothing is left behind however the process ends,
// and it goes where the kernel can drop it from memory (the page cache): a temporary folder on tmpfs would keep
// it in RAM, so then /var/tmp is tried, and if that is tmpfs too there is none (the caller keeps its data in
// memory). Closed by its owner, or once the owner is unreachable, or when its thread ends (closeTempFiles).
import { randomUUID } from 'node:crypto';
import { close, closeSync, existsSync, openSync, statfsSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** statfs(2)'s type of tmpfs. */
const TMPFS = 0x01021994;

export class TempFile {
  readonly fd: number;
  readonly #handle: { fd: number };

  private constructor(fd: number) {
    this.fd = fd;
    this.#handle = { fd };
    openFiles.add(this.#handle);
  }

  /** A new file in `dir` (default: spillFolder()) named from `prefix`; undefined when there is none, or none can be made there. */
  static open(prefix: string, dir: string | undefined = spillFolder()): TempFile | undefined {
    if (dir === undefined) return undefined;
    const path = join(dir, `${prefix}-${process.pid}-${randomUUID()}.tmp`);
    let fd: number;
    try {
      fd = openSync(path, 'w+', 0o600);
    } catch {
      return undefined;
    }
    try {
      // Removed while open: the file lives as long as its descriptor (not on Windows: no temporary file there).
      unlinkSync(path);
    } catch {
      closeSync(fd);
      return undefined;
    }
    return new TempFile(fd);
  }

  /** Closes it once `owner` (what reads from it) is unreachable, if not closed before. */
  closeWith(owner: object): void {
    closeWhenUnused.register(owner, this.#handle, this);
  }

  /** Closes it now (release): the kernel frees its blocks. Nothing may be read from it after. */
  close(): void {
    closeWhenUnused.unregister(this);
    release(this.#handle);
  }
}

/** This thread's files not closed yet (an object each: a descriptor number is reused once closed). */
const openFiles = new Set<{ fd: number }>();

/** Closes the file if still open, on libuv's thread pool: the kernel frees a removed file's blocks at its last close (see format.ts). */
function release(handle: { fd: number }): void {
  if (openFiles.delete(handle)) close(handle.fd, () => undefined);
}

const closeWhenUnused = new FinalizationRegistry<{ fd: number }>(release);

/**
 * Closes this thread's temporary files, for a thread that ends: a worker's finalizers may never run, and its
 * files (hundreds of MB) would stay on disk until the process exits. Nothing may be read from them after.
 */
export function closeTempFiles(): void {
  for (const handle of openFiles) release(handle);
}

/** The temporary folder (TMPDIR), or /var/tmp when that one is tmpfs; undefined when both are (or cannot be told). */
export function spillFolder(): string | undefined {
  for (const dir of [tmpdir(), '/var/tmp']) {
    try {
      if (existsSync(dir) && statfsSync(dir).type !== TMPFS) return dir;
    } catch {
      // statfs unsupported here: try the next
    }
  }
  return undefined;
}
