/**
 * A sliding window over a ByteSource, backed by one reusable buffer. Parsers read records in place
 * (frames point into `buf`, see BufferFrame), so refilling may move bytes: the reader yields every
 * pending batch before it calls `fill`, which is what makes "data valid until the next batch" hold.
 */
import type { ByteSource } from './byte-source.js';

const INITIAL_BYTES = 1 << 20;

export class ByteWindow {
  buf: Uint8Array;
  view: DataView;
  /** First unconsumed byte in `buf`. */
  start = 0;
  /** One past the last filled byte in `buf`. */
  end = 0;
  /** Stream offset of `buf[0]`. */
  base = 0;
  eof = false;

  constructor(private readonly source: ByteSource) {
    this.buf = new Uint8Array(INITIAL_BYTES);
    this.view = new DataView(this.buf.buffer);
  }

  get available(): number {
    return this.end - this.start;
  }

  /** Stream offset of `buf[start]`. */
  get streamOffset(): number {
    return this.base + this.start;
  }

  /**
   * Ensure at least `n` unconsumed bytes are in the window (moving them to the front first).
   * Returns false when the stream ended with fewer. Callers bound `n` before asking, so a corrupt
   * length field can never make this allocate more than the parser's own limit.
   */
  async fill(n: number): Promise<boolean> {
    if (this.available >= n) return true;
    if (this.start > 0) {
      this.buf.copyWithin(0, this.start, this.end);
      this.base += this.start;
      this.end -= this.start;
      this.start = 0;
    }
    if (n > this.buf.length) {
      const grown = new Uint8Array(Math.max(n, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.end));
      this.buf = grown;
      this.view = new DataView(grown.buffer);
    }
    while (this.end < n && !this.eof) {
      const got = await this.source.read(this.buf, this.end, this.buf.length - this.end);
      if (got === 0) this.eof = true;
      this.end += got;
    }
    return this.end >= n;
  }
}
