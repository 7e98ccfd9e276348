// Reading a file whole, unless it is larger than a cap (then it is not read at all). Synchronous on purpose:
// corpus files are small and local, and per-file async reads (four thread-pool round trips each) cost more
// than the reads themselves; the loader yields to the event loop between batches instead (see load.ts).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export type ReadResult = { bytes: Buffer } | { oversize: number };

export function readCappedSync(path: string, maxBytes: number): ReadResult {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes) return { oversize: size };
    const bytes = Buffer.allocUnsafe(size);
    let offset = 0;
    while (offset < size) {
      const count = readSync(fd, bytes, offset, size - offset, offset);
      // A file that shrank while being read: keep what is there.
      if (count === 0) return { bytes: bytes.subarray(0, offset) };
      offset += count;
    }
    return { bytes };
  } finally {
    closeSync(fd);
  }
}
