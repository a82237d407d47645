/**
 * Byte sources for the capture readers: a plain file read straight into the caller's buffer
 * (no intermediate copy), or a gzip stream decompressed with node:zlib and copied out chunk by chunk.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

export interface ByteSource {
  /** Read up to `length` bytes into `into` at `offset`; resolves 0 at end of stream. */
  read(into: Uint8Array, offset: number, length: number): Promise<number>;
  close(): Promise<void>;
}

/** Raised by a gzip source when the compressed stream is corrupt or ends early. */
export class GzipStreamError extends Error {
  override readonly name = 'GzipStreamError';
  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: gzip stream error`, options);
  }
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

class FileByteSource implements ByteSource {
  private position = 0;
  constructor(private readonly handle: FileHandle) {}

  async read(into: Uint8Array, offset: number, length: number): Promise<number> {
    const { bytesRead } = await this.handle.read(into, offset, length, this.position);
    this.position += bytesRead;
    return bytesRead;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

class GunzipByteSource implements ByteSource {
  private readonly stream;
  private readonly chunks: AsyncIterator<Buffer>;
  private pending: Buffer | undefined;
  private pendingPos = 0;
  private done = false;

  constructor(private readonly path: string) {
    // Large chunks: fewer copies and fewer async hops per megabyte.
    this.stream = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(
      createGunzip({ chunkSize: 256 * 1024 }),
    );
    this.chunks = this.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  async read(into: Uint8Array, offset: number, length: number): Promise<number> {
    let copied = 0;
    while (copied < length) {
      if (this.pending === undefined || this.pendingPos >= this.pending.length) {
        if (this.done) break;
        // Return what we have rather than wait for more: the caller asks again when it needs to.
        if (copied > 0 && this.stream.readableLength === 0) break;
        let next: IteratorResult<Buffer>;
        try {
          next = await this.chunks.next();
        } catch (cause) {
          this.done = true;
          if (copied > 0) break;
          throw new GzipStreamError(this.path, { cause });
        }
        if (next.done === true) {
          this.done = true;
          break;
        }
        this.pending = next.value;
        this.pendingPos = 0;
      }
      const n = Math.min(length - copied, this.pending.length - this.pendingPos);
      into.set(this.pending.subarray(this.pendingPos, this.pendingPos + n), offset + copied);
      this.pendingPos += n;
      copied += n;
    }
    return copied;
  }

  async close(): Promise<void> {
    this.done = true;
    this.stream.destroy();
  }
}

/** Open `path`, transparently decompressing it when it starts with the gzip magic. */
export async function openByteSource(path: string): Promise<ByteSource> {
  const handle = await open(path, 'r');
  const head = new Uint8Array(2);
  let isGzip: boolean;
  try {
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    isGzip = bytesRead === 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
  } catch (err) {
    await handle.close();
    throw err;
  }
  if (!isGzip) return new FileByteSource(handle);
  await handle.close();
  return new GunzipByteSource(path);
}
