/**
 * Classic libpcap format: a 24-byte global header, then 16-byte record headers each followed by
 * the captured bytes. Handles both byte orders, micro- and nanosecond timestamps, and the
 * Kuznetzov "modified pcap" variant (24-byte record headers).
 */
import type { CaptureStats, RawFrame } from '../frame.js';
import type { ByteWindow } from './byte-window.js';
import { BufferFrame } from './buffer-frame.js';
import { BATCH_FULL, MAX_RECORD_BYTES, STOP, type FormatParser } from './format-parser.js';

export const PCAP_GLOBAL_HEADER_BYTES = 24;

const MAGIC_MICROS = 0xa1b2c3d4;
const MAGIC_NANOS = 0xa1b23c4d;
const MAGIC_MODIFIED = 0xa1b2cd34;
/** libpcap's own MAXIMUM_SNAPLEN; records above max(snaplen, this) are corrupt. */
const LIBPCAP_MAX_SNAPLEN = 262144;

export function isPcapMagic(view: DataView, at: number): boolean {
  const be = view.getUint32(at, false);
  const le = view.getUint32(at, true);
  return [MAGIC_MICROS, MAGIC_NANOS, MAGIC_MODIFIED].some((m) => m === be || m === le);
}

export class PcapParser implements FormatParser {
  readonly truncatedCode = 'pcap.truncated-record';
  private headerDone = false;
  private littleEndian = true;
  private nanos = false;
  private recordHeaderBytes = 16;
  private linkType = 0;
  private maxRecordBytes = LIBPCAP_MAX_SNAPLEN;

  parse(win: ByteWindow, batch: RawFrame[], maxBatch: number, stats: CaptureStats): number {
    if (!this.headerDone) {
      if (win.available < PCAP_GLOBAL_HEADER_BYTES) return PCAP_GLOBAL_HEADER_BYTES;
      this.readGlobalHeader(win);
    }
    const view = win.view;
    const le = this.littleEndian;
    const hdr = this.recordHeaderBytes;
    while (batch.length < maxBatch) {
      const at = win.start;
      if (win.end - at < hdr) return hdr;
      const capLen = view.getUint32(at + 8, le);
      if (capLen > this.maxRecordBytes) {
        stats.anomalies.push({
          code: 'pcap.bad-record-length',
          offset: win.base + at,
          detail: `captured length ${capLen} exceeds limit ${this.maxRecordBytes}`,
        });
        return STOP;
      }
      if (win.end - at < hdr + capLen) return hdr + capLen;
      const sec = view.getUint32(at, le);
      const frac = view.getUint32(at + 4, le);
      const dataStart = at + hdr;
      batch.push(
        new BufferFrame(
          sec * 1_000_000 + (this.nanos ? Math.floor(frac / 1000) : frac),
          0,
          this.linkType,
          view.getUint32(at + 12, le),
          win.buf,
          dataStart,
          capLen,
          win.base + dataStart,
        ),
      );
      stats.frames++;
      stats.bytes += capLen;
      win.start = dataStart + capLen;
    }
    return BATCH_FULL;
  }

  private readGlobalHeader(win: ByteWindow): void {
    const view = win.view;
    const at = win.start;
    const magicBe = view.getUint32(at, false);
    this.littleEndian = ![MAGIC_MICROS, MAGIC_NANOS, MAGIC_MODIFIED].includes(magicBe);
    const magic = view.getUint32(at, this.littleEndian);
    this.nanos = magic === MAGIC_NANOS;
    this.recordHeaderBytes = magic === MAGIC_MODIFIED ? 24 : 16;
    const snapLen = view.getUint32(at + 16, this.littleEndian);
    // Upper 4 bits may carry FCS information (pcap spec "LinkType and additional information").
    this.linkType = view.getUint32(at + 20, this.littleEndian) & 0x0fffffff;
    this.maxRecordBytes = Math.min(MAX_RECORD_BYTES, Math.max(snapLen, LIBPCAP_MAX_SNAPLEN));
    win.start += PCAP_GLOBAL_HEADER_BYTES;
    this.headerDone = true;
  }
}
