/**
 * BufferFrame: a RawFrame whose bytes are a range of a larger buffer (the reader's window), with
 * `data` made only when someone asks for it.
 *
 * Why: `new Uint8Array(buffer, offset, length)` costs 100-150 ns in V8, as much as all the rest of
 * reading a frame. The decoder, the only per-packet consumer, reads `bytes[start .. start + length)`
 * directly (it checks `instanceof BufferFrame`), so on the sensor's path no view is ever made.
 * Everyone else sees an ordinary RawFrame: `data` is the same view, made once and kept.
 *
 * `bytes` is the buffer the frame was parsed from, so `data` is right even if the reader later
 * grows its window; like every frame's data, it is valid only until the next batch is requested.
 */
import type { RawFrame } from '../frame.js';

export class BufferFrame implements RawFrame {
  private view: Uint8Array | undefined = undefined;

  constructor(
    public tsMicros: number,
    public ifIndex: number,
    public linkType: number,
    public wireLength: number,
    /** The buffer holding the frame; its bytes are [start, start + length). */
    public bytes: Uint8Array,
    public start: number,
    public length: number,
    public fileOffset: number,
  ) {}

  get data(): Uint8Array {
    if (this.view === undefined) {
      this.view = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset + this.start, this.length);
    }
    return this.view;
  }

  /** Replacing the bytes (a consumer keeping a copy, say) keeps `bytes`/`start`/`length` in step. */
  set data(data: Uint8Array) {
    this.view = data;
    this.bytes = data;
    this.start = 0;
    this.length = data.length;
  }
}
