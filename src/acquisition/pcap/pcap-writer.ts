/**
 * Writes classic little-endian microsecond pcap. Used to build large benchmark captures by repeating
 * a real one with shifted times (see repeat-capture.ts), and to save captured frames.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { RawFrame } from '../frame.js';

const FLUSH_BYTES = 4 << 20;

export class PcapWriter {
  private buf = Buffer.alloc(FLUSH_BYTES + 65536 + 16);
  private used = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string, linkType: number, snapLen = 262144): Promise<PcapWriter> {
    const w = new PcapWriter(await open(path, 'w'));
    const h = w.buf;
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeInt32LE(0, 8);
    h.writeUInt32LE(0, 12);
    h.writeUInt32LE(snapLen, 16);
    h.writeUInt32LE(linkType, 20);
    w.used = 24;
    return w;
  }

  async write(frame: Pick<RawFrame, 'tsMicros' | 'wireLength' | 'data'>): Promise<void> {
    if (this.used + 16 + frame.data.length > this.buf.length) await this.flush();
    if (16 + frame.data.length > this.buf.length) this.buf = Buffer.alloc(16 + frame.data.length);
    const b = this.buf;
    const sec = Math.floor(frame.tsMicros / 1e6);
    b.writeUInt32LE(sec >>> 0, this.used);
    b.writeUInt32LE(frame.tsMicros - sec * 1e6, this.used + 4);
    b.writeUInt32LE(frame.data.length, this.used + 8);
    b.writeUInt32LE(frame.wireLength, this.used + 12);
    b.set(frame.data, this.used + 16);
    this.used += 16 + frame.data.length;
    if (this.used >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.used > 0) await this.handle.write(this.buf, 0, this.used);
    this.used = 0;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
  }
}
