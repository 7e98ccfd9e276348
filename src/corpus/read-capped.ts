// Reading a file whole, unless it is larger than a cap (then it is not read at all). Callback fs: the
// promise API's readFile reads in chunks and costs about twice as much per small file.
import { close, fstat, open, read } from 'node:fs';

export type ReadResult = { bytes: Buffer } | { oversize: number };

export function readCapped(path: string, maxBytes: number): Promise<ReadResult> {
  return new Promise((resolve, reject) => {
    open(path, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      const finish = (error: Error | null, result?: ReadResult): void => close(fd, () => (error ? reject(error) : resolve(result!)));
      fstat(fd, (statError, info) => {
        if (statError) return finish(statError);
        if (info.size > maxBytes) return finish(null, { oversize: info.size });
        const bytes = Buffer.allocUnsafe(info.size);
        const readFrom = (offset: number): void => {
          if (offset >= bytes.length) return finish(null, { bytes });
          read(fd, bytes, offset, bytes.length - offset, offset, (readError, count) => {
            if (readError) return finish(readError);
            // A file that shrank while being read: keep what is there.
            if (count === 0) return finish(null, { bytes: bytes.subarray(0, offset) });
            readFrom(offset + count);
          });
        };
        readFrom(0);
      });
    });
  });
}
