// Reading corpus files on a helper thread while the main thread parses them: the reads are system calls that
// took about a third of a load, and a second core can make them. The helper is plain JavaScript run from a
// string (no TypeScript loader needed in the worker); file bytes move to the main thread without a copy, and
// the helper stays at most AHEAD_BATCHES ahead, so a 100k-file corpus is never all in memory at once.
import { Worker } from 'node:worker_threads';
import type { ReadResult } from './read-capped.ts';

export type ReadOutcome = ReadResult | { error: string };

const BATCH_FILES = 64;
const AHEAD_BATCHES = 16;

/** The helper: reads `paths` in order, capped at `maxBytes`, posting batches; waits while far ahead. */
const READER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { paths, maxBytes, consumed, batchFiles, aheadBatches } = workerData;
function read(path) {
  let fd;
  try {
    fd = fs.openSync(path, 'r');
    const size = fs.fstatSync(fd).size;
    if (size > maxBytes) return { oversize: size };
    const bytes = new Uint8Array(size);
    let offset = 0;
    while (offset < size) {
      const count = fs.readSync(fd, bytes, offset, size - offset, offset);
      if (count === 0) break;
      offset += count;
    }
    return { bytes: offset === size ? bytes : bytes.slice(0, offset) };
  } catch (error) {
    return { error: error.code || error.message };
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch {}
  }
}
let sent = 0;
for (let start = 0; start < paths.length; start += batchFiles) {
  for (let seen = Atomics.load(consumed, 0); sent - seen >= aheadBatches; seen = Atomics.load(consumed, 0)) Atomics.wait(consumed, 0, seen, 100);
  const items = paths.slice(start, start + batchFiles).map(read);
  parentPort.postMessage({ start, items }, items.flatMap((item) => (item.bytes ? [item.bytes.buffer] : [])));
  sent += 1;
}
`;

interface Batch {
  start: number;
  items: ({ bytes: Uint8Array } | { oversize: number } | { error: string })[];
}

/** Calls `each(index, outcome)` for every path, in order, as the helper thread reads them. */
export function readAhead(paths: string[], maxBytes: number, each: (index: number, outcome: ReadOutcome) => void): Promise<void> {
  // Nothing to read: a helper would send no batch, and nothing would settle the promise.
  if (paths.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const consumed = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(READER, {
      eval: true,
      workerData: { paths, maxBytes, consumed, batchFiles: BATCH_FILES, aheadBatches: AHEAD_BATCHES },
    });
    let done = 0;
    worker.on('message', ({ start, items }: Batch) => {
      items.forEach((item, k) => each(start + k, 'bytes' in item ? { bytes: Buffer.from(item.bytes.buffer, item.bytes.byteOffset, item.bytes.length) } : item));
      done += items.length;
      Atomics.add(consumed, 0, 1);
      Atomics.notify(consumed, 0);
      if (done === paths.length) resolve();
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (done < paths.length) reject(new Error(`the corpus reader thread stopped (exit ${code}) after ${done} of ${paths.length} files`));
    });
  });
}
