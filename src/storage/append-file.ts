// Appending to an open file through a 1 MiB chunk (one write per chunk, not one per piece), and reading a
// piece back, from the chunk while it has not been written yet. The corpus snapshot's writer and the body
// spill (src/corpus/body-spill.ts) both append this way.
import { readSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** A region of the file and its CRC-32. */
export interface Region {
  offset: number;
  length: number;
  crc: number;
}

export const CHUNK_BYTES = 1 << 20;

export class AppendFile {
  readonly #fd: number;
  #chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  #used = 0;
  readonly #scratch = new ReusedBuffer();
  /** Bytes written to the file plus those waiting in the chunk. */
  position = 0;

  constructor(fd: number) {
    this.#fd = fd;
  }

  /** Appends `text` (as UTF-8 unless told); returns where it starts, its length in bytes and its CRC-32. */
  text(text: string, encoding: BufferEncoding = 'utf8'): Region {
    const length = Buffer.byteLength(text, encoding);
    if (length > CHUNK_BYTES - this.#used) this.flush();
    const offset = this.position;
    if (length > CHUNK_BYTES) {
      const bytes = Buffer.from(text, encoding);
      this.bytes(bytes);
      return { offset, length, crc: crc32(bytes) };
    }
    this.#chunk.write(text, this.#used, encoding);
    const crc = crc32(this.#chunk.subarray(this.#used, this.#used + length));
    this.#used += length;
    this.position += length;
    return { offset, length, crc };
  }

  bytes(bytes: Uint8Array): void {
    if (bytes.length <= CHUNK_BYTES - this.#used) {
      this.#chunk.set(bytes, this.#used);
      this.#used += bytes.length;
    } else {
      this.flush();
      writeAll(this.#fd, bytes);
    }
    this.position += bytes.length;
  }

  /** Writes what waits in the chunk. A failed write keeps it there: what it holds stays readable. */
  flush(): void {
    if (this.#used === 0) return;
    writeAll(this.#fd, this.#chunk.subarray(0, this.#used));
    this.#chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.#used = 0;
  }

  /**
   * The text of `length` bytes appended at `offset` (a piece is wholly in the chunk or wholly in the file),
   * read through a buffer reused from call to call (ReusedBuffer).
   */
  readText(offset: number, length: number, encoding: BufferEncoding = 'utf8'): string {
    const inChunk = offset - (this.position - this.#used);
    if (inChunk >= 0) return this.#chunk.toString(encoding, inChunk, inChunk + length);
    const bytes = this.#scratch.of(length);
    readInto(this.#fd, bytes, offset);
    return bytes.toString(encoding);
  }
}

/**
 * One buffer for reads of any length, grown when too small. A buffer per read past 4 KB is an ArrayBuffer each,
 * and V8 runs a full collection for every 64 MB of those (2 s over the bodies of 100k articles).
 */
export class ReusedBuffer {
  #buffer = Buffer.alloc(0);

  /** The first `length` bytes of the buffer (valid until the next call). */
  of(length: number): Buffer {
    if (this.#buffer.length < length) this.#buffer = Buffer.allocUnsafeSlow(Math.max(length, 2 * this.#buffer.length));
    return this.#buffer.subarray(0, length);
  }
}

/** Fills `buffer` from `offset` of the file; a file ending before is `ended(the byte it should reach)`. */
export function readInto(fd: number, buffer: Uint8Array, offset: number, ended = (end: number): Error => new Error(`file ends before byte ${end}`)): void {
  for (let done = 0; done < buffer.length; ) {
    const n = readSync(fd, buffer, done, buffer.length - done, offset + done);
    if (n === 0) throw ended(offset + buffer.length);
    done += n;
  }
}

export function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}
