// The snapshot container: one immutable file, written under a temporary name and renamed into place, so a
// reader sees a whole old file or a whole new one. Readers keep it open and read article bodies from it on
// demand; a rename over it leaves their open file as it was (POSIX).
//
// Layout, in write order (so it streams): bodies (UTF-8) and JSON sections (UTF-16), as they are made · blobs (typed
// arrays, each read into a buffer of its own and used as is) · trailer: the header JSON, its length (u32),
// its CRC-32 (u32) and MAGIC. The header gives the validation key, the file size (a truncated file is caught
// before anything is parsed) and a CRC-32 per section and per blob, checked when it is read; bodies carry
// one CRC each, checked on every read (reading all of them at start-up would cost more than the rest).
import { close, closeSync, fstatSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { AppendFile, CHUNK_BYTES, readInto as readFully, ReusedBuffer, type Region } from '../../storage/append-file.ts';
import type { Steps } from './slices.ts';

const MAGIC = Buffer.from('NBSNAP01', 'latin1');
const TRAILER_BYTES = 4 + 4 + MAGIC.length;

export class SnapshotCorruptError extends Error {}

export type { Region };

/** Where one typed array sits in the file: its constructor's name, byte offset, element count, CRC-32. */
export interface BlobEntry {
  type: string;
  offset: number;
  length: number;
  crc: number;
}

export interface Header {
  /** What the snapshot was built from (sources, taxonomy, code): a different key means stale. */
  key: string;
  /** The whole file's size. */
  size: number;
  blobs: BlobEntry[];
  sections: Record<string, Region>;
}

const TYPED_ARRAYS = { Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array };
export type TypedArray =
  | Uint8Array<ArrayBufferLike>
  | Int8Array<ArrayBufferLike>
  | Uint16Array<ArrayBufferLike>
  | Int16Array<ArrayBufferLike>
  | Uint32Array<ArrayBufferLike>
  | Int32Array<ArrayBufferLike>
  | Float32Array<ArrayBufferLike>
  | Float64Array<ArrayBufferLike>
  | BigInt64Array<ArrayBufferLike>
  | BigUint64Array<ArrayBufferLike>;

export function isTypedArray(value: unknown): value is TypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) && value.constructor.name in TYPED_ARRAYS;
}

/** Appends to a temporary file; `commit` renames it to `path`, `abort` removes it. */
export class SnapshotWriter {
  readonly #path: string;
  readonly #temp: string;
  readonly #fd: number;
  readonly #out: AppendFile;
  readonly #blobs: TypedArray[] = [];
  readonly #sections: Record<string, Region> = {};

  constructor(path: string) {
    this.#path = path;
    this.#temp = `${path}.${process.pid}.${Date.now()}.tmp`;
    this.#fd = openSync(this.#temp, 'w');
    this.#out = new AppendFile(this.#fd);
  }

  /** Writes `text` as UTF-8; returns where it starts, its length in bytes and its CRC-32. */
  text(text: string): Region {
    return this.#out.text(text);
  }

  /** Queues a typed array for the blob region; returns its number (BlobEntry index). */
  blob(array: TypedArray): number {
    this.#blobs.push(array);
    return this.#blobs.length - 1;
  }

  /**
   * A JSON section, parsed on restore as one value. UTF-16: decoding it is a copy, where UTF-8 of Vietnamese
   * text took half the time of the parse (measured on 100k articles).
   */
  section(name: string, value: unknown): void {
    const bytes = Buffer.from(JSON.stringify(value), 'utf16le');
    const offset = this.#out.position;
    this.#out.bytes(bytes);
    this.#sections[name] = { offset, length: bytes.length, crc: crc32(bytes) };
  }

  /** Writes the blobs and the trailer after the bodies and sections given, then renames the file into place. */
  commit(key: string): void {
    const out = this.#out;
    const blobs: BlobEntry[] = [];
    for (const array of this.#blobs) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      // zlib.crc32 of an empty array over an empty buffer returns 0 (not the initial CRC); say 0 for every empty one.
      blobs.push({ type: array.constructor.name, offset: out.position, length: array.length, crc: bytes.length > 0 ? crc32(bytes) : 0 });
      out.bytes(bytes);
    }
    const trailerStart = out.position;
    const header = { key, blobs, sections: this.#sections };
    // `size` is the whole file: its digits change the header's length, so settle it in two passes.
    const sizeOf = (bytes: Buffer): number => trailerStart + bytes.length + TRAILER_BYTES;
    let json = Buffer.from(JSON.stringify({ ...header, size: 0 }), 'utf8');
    json = Buffer.from(JSON.stringify({ ...header, size: sizeOf(json) }), 'utf8');
    json = Buffer.from(JSON.stringify({ ...header, size: sizeOf(json) }), 'utf8');
    out.bytes(json);
    const tail = Buffer.alloc(TRAILER_BYTES);
    tail.writeUInt32LE(json.length, 0);
    tail.writeUInt32LE(crc32(json), 4);
    MAGIC.copy(tail, 8);
    out.bytes(tail);
    out.flush();
    fsyncSync(this.#fd);
    closeSync(this.#fd);
    renameSync(this.#temp, this.#path);
  }

  abort(): void {
    try {
      closeSync(this.#fd);
    } catch {
      // already closed by commit
    }
    rmSync(this.#temp, { force: true });
  }
}

/** An open snapshot: its header checked, regions read and checked on demand. */
export class SnapshotFile {
  readonly header: Header;
  /** Which file this is: a path renamed over since then names another one. */
  readonly inode: number;
  readonly #fd: number;
  #closed = false;
  readonly #scratch = new ReusedBuffer();

  private constructor(fd: number, header: Header, inode: number) {
    this.#fd = fd;
    this.header = header;
    this.inode = inode;
  }

  /** Opens `path`; throws SnapshotCorruptError (with why) for a file that is not a whole snapshot, ENOENT when absent. */
  static open(path: string): SnapshotFile {
    const fd = openSync(path, 'r');
    try {
      const { size, ino } = fstatSync(fd);
      if (size < TRAILER_BYTES) throw new SnapshotCorruptError(`${size} bytes, too short for a snapshot`);
      const tail = readExactly(fd, size - TRAILER_BYTES, TRAILER_BYTES);
      if (!tail.subarray(8).equals(MAGIC)) throw new SnapshotCorruptError('no snapshot trailer (truncated or not a snapshot)');
      const length = tail.readUInt32LE(0);
      if (length > size - TRAILER_BYTES) throw new SnapshotCorruptError('header length beyond the file');
      const json = readExactly(fd, size - TRAILER_BYTES - length, length);
      if (crc32(json) !== tail.readUInt32LE(4)) throw new SnapshotCorruptError('header checksum mismatch');
      const header = JSON.parse(json.toString('utf8')) as Header;
      if (header.size !== size) throw new SnapshotCorruptError(`file is ${size} bytes, header says ${header.size}`);
      return new SnapshotFile(fd, header, ino);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Blob `i` as a typed array over a buffer of its own (checked), read in chunks between yields. */
  *blob(i: number): Steps<TypedArray> {
    const entry = this.header.blobs[i];
    const Type = entry && TYPED_ARRAYS[entry.type as keyof typeof TYPED_ARRAYS];
    if (!Type) throw new SnapshotCorruptError(`no typed array ${i}`);
    const buffer = Buffer.allocUnsafeSlow(entry.length * Type.BYTES_PER_ELEMENT);
    let sum = 0;
    for (let done = 0; done < buffer.length; done += CHUNK_BYTES) {
      const chunk = buffer.subarray(done, Math.min(buffer.length, done + CHUNK_BYTES));
      readInto(this.#fd, chunk, entry.offset + done);
      sum = crc32(chunk, sum);
      yield;
    }
    if (sum !== entry.crc) throw new SnapshotCorruptError('index data checksum mismatch');
    return new Type(buffer.buffer, 0, entry.length);
  }

  /** A JSON section, parsed (checked). */
  section<T>(name: string): T {
    const region = this.#region(name);
    return JSON.parse(checked(name, region, readExactly(this.#fd, region.offset, region.length)).toString('utf16le')) as T;
  }

  /**
   * Throws SnapshotCorruptError unless section `name` is whole: read and checked, not parsed, into one buffer
   * reused from call to call (checking 100 MB of rows allocates nothing that would make the GC run).
   */
  check(name: string): void {
    const region = this.#region(name);
    const bytes = this.#scratch.of(region.length);
    readInto(this.#fd, bytes, region.offset);
    checked(name, region, bytes);
  }

  #region(name: string): Region {
    const region = this.header.sections[name];
    if (!region) throw new SnapshotCorruptError(`no section ${name}`);
    return region;
  }

  /** UTF-8 text at `offset`, checked against `crc` (read through the same reused buffer). */
  text(offset: number, length: number, crc: number): string {
    const bytes = this.#scratch.of(length);
    readInto(this.#fd, bytes, offset);
    if (crc32(bytes) !== crc) throw new SnapshotCorruptError(`checksum mismatch at byte ${offset}`);
    return bytes.toString('utf8');
  }

  /**
   * Closes the file on libuv's thread pool, not this thread: a snapshot replaced since it was opened is freed by
   * the kernel at its last close (a 100k corpus's file: 0.18 s in close(), holding a serving bot's loop).
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    close(this.#fd, () => undefined);
  }
}

function checked(name: string, region: Region, bytes: Buffer): Buffer {
  if (crc32(bytes) !== region.crc) throw new SnapshotCorruptError(`section ${name}: checksum mismatch`);
  return bytes;
}

function readExactly(fd: number, offset: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  readInto(fd, buffer, offset);
  return buffer;
}

function readInto(fd: number, buffer: Uint8Array, offset: number): void {
  readFully(fd, buffer, offset, (end) => new SnapshotCorruptError(`file ends before byte ${end}`));
}
