/**
 * pcapng: a sequence of blocks (type, total length, body, total length again). A Section Header
 * Block sets the byte order; Interface Description Blocks declare interfaces (link type, snaplen,
 * if_tsresol, if_tsoffset) numbered per section; Enhanced, Simple and (obsolete) Packet Blocks
 * carry frames. Every other block type is skipped by its length.
 */
import type { CaptureStats, RawFrame } from '../frame.js';
import type { ByteWindow } from './byte-window.js';
import { BufferFrame } from './buffer-frame.js';
import { BATCH_FULL, MAX_RECORD_BYTES, STOP, type FormatParser } from './format-parser.js';
import {
  DEFAULT_SCALE,
  scaleFromTsresol,
  toMicros as importedToMicros,
  type TimestampScale,
} from './pcapng-timestamp.js';

// Module-local alias: under tsx an imported binding is a getter call, and this one runs per packet.
const toMicros = importedToMicros;

export const BLOCK_SHB = 0x0a0d0d0a;
const BLOCK_IDB = 0x00000001;
const BLOCK_PB_OBSOLETE = 0x00000002;
const BLOCK_SPB = 0x00000003;
const BLOCK_EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

interface Interface {
  linkType: number;
  snapLen: number;
  scale: TimestampScale;
  /** Index unique across the sections of the file. */
  globalIndex: number;
}

export class PcapngParser implements FormatParser {
  readonly truncatedCode = 'pcapng.truncated-block';
  private littleEndian = true;
  private interfaces: Interface[] = [];
  private interfacesSeen = 0;
  private sectionSeen = false;

  parse(win: ByteWindow, batch: RawFrame[], maxBatch: number, stats: CaptureStats): number {
    while (batch.length < maxBatch) {
      const at = win.start;
      if (win.end - at < 12) return 12;
      const view = win.view;
      const rawType = view.getUint32(at, this.littleEndian);
      if (rawType === BLOCK_SHB && !this.readByteOrder(win, stats)) return STOP;
      if (!this.sectionSeen) {
        stats.anomalies.push({ code: 'pcapng.missing-section-header', offset: win.base + at });
        return STOP;
      }
      const le = this.littleEndian;
      const blockLen = view.getUint32(at + 4, le);
      if (blockLen < 12 || blockLen % 4 !== 0 || blockLen > MAX_RECORD_BYTES) {
        stats.anomalies.push({
          code: 'pcapng.bad-block-length',
          offset: win.base + at + 4,
          detail: `block type 0x${rawType.toString(16)} claims ${blockLen} bytes`,
        });
        return STOP;
      }
      if (win.end - at < blockLen) return blockLen;
      if (view.getUint32(at + blockLen - 4, le) !== blockLen) {
        stats.anomalies.push({
          code: 'pcapng.block-length-mismatch',
          offset: win.base + at + blockLen - 4,
          detail: `leading length ${blockLen} differs from trailing length`,
        });
        return STOP;
      }
      const type = view.getUint32(at, le);
      if (type === BLOCK_EPB) this.readEnhancedPacket(win, at, blockLen, batch, stats);
      else if (type === BLOCK_SPB) this.readSimplePacket(win, at, blockLen, batch, stats);
      else if (type === BLOCK_PB_OBSOLETE) this.readObsoletePacket(win, at, blockLen, batch, stats);
      else if (type === BLOCK_IDB) this.readInterface(win, at, blockLen, stats);
      else if (type === BLOCK_SHB) this.startSection();
      win.start = at + blockLen;
    }
    return BATCH_FULL;
  }

  private readByteOrder(win: ByteWindow, stats: CaptureStats): boolean {
    const at = win.start;
    const bom = win.view.getUint32(at + 8, true);
    if (bom === BYTE_ORDER_MAGIC) this.littleEndian = true;
    else if (win.view.getUint32(at + 8, false) === BYTE_ORDER_MAGIC) this.littleEndian = false;
    else {
      stats.anomalies.push({ code: 'pcapng.bad-byte-order-magic', offset: win.base + at + 8 });
      return false;
    }
    this.sectionSeen = true;
    return true;
  }

  private startSection(): void {
    this.interfaces = [];
  }

  private readInterface(win: ByteWindow, at: number, blockLen: number, stats: CaptureStats): void {
    const view = win.view;
    const le = this.littleEndian;
    if (blockLen < 20) {
      stats.anomalies.push({ code: 'pcapng.short-interface-block', offset: win.base + at });
      return;
    }
    let tsresol = 6;
    let tsoffset = 0;
    const end = at + blockLen - 4;
    let opt = at + 16;
    while (opt + 4 <= end) {
      const code = view.getUint16(opt, le);
      const len = view.getUint16(opt + 2, le);
      if (code === 0) break;
      if (opt + 4 + len > end) {
        stats.anomalies.push({ code: 'pcapng.bad-option-length', offset: win.base + opt + 2 });
        break;
      }
      if (code === OPT_IF_TSRESOL && len >= 1) tsresol = view.getUint8(opt + 4);
      if (code === OPT_IF_TSOFFSET && len >= 8) {
        tsoffset = Number(view.getBigInt64(opt + 4, le));
      }
      opt += 4 + ((len + 3) & ~3);
    }
    this.interfaces.push({
      linkType: view.getUint16(at + 8, le),
      snapLen: view.getUint32(at + 12, le),
      scale: tsresol === 6 && tsoffset === 0 ? DEFAULT_SCALE : scaleFromTsresol(tsresol, tsoffset),
      globalIndex: this.interfacesSeen++,
    });
  }

  private interfaceFor(id: number, win: ByteWindow, at: number, stats: CaptureStats): Interface | undefined {
    const iface = this.interfaces[id];
    if (iface === undefined) {
      stats.anomalies.push({
        code: 'pcapng.unknown-interface',
        offset: win.base + at,
        detail: `packet names interface ${id}, section declares ${this.interfaces.length}`,
      });
    }
    return iface;
  }

  private readEnhancedPacket(
    win: ByteWindow,
    at: number,
    blockLen: number,
    batch: RawFrame[],
    stats: CaptureStats,
  ): void {
    const view = win.view;
    const le = this.littleEndian;
    if (blockLen < 32) {
      stats.anomalies.push({ code: 'pcapng.short-packet-block', offset: win.base + at });
      return;
    }
    const iface = this.interfaceFor(view.getUint32(at + 8, le), win, at, stats);
    if (iface === undefined) return;
    const capLen = view.getUint32(at + 20, le);
    if (capLen > blockLen - 32) {
      stats.anomalies.push({ code: 'pcapng.bad-captured-length', offset: win.base + at + 20 });
      return;
    }
    this.emit(
      batch,
      stats,
      win,
      at + 28,
      capLen,
      view.getUint32(at + 24, le),
      iface,
      toMicros(view.getUint32(at + 12, le), view.getUint32(at + 16, le), iface.scale),
    );
  }

  private readObsoletePacket(
    win: ByteWindow,
    at: number,
    blockLen: number,
    batch: RawFrame[],
    stats: CaptureStats,
  ): void {
    const view = win.view;
    const le = this.littleEndian;
    if (blockLen < 32) {
      stats.anomalies.push({ code: 'pcapng.short-packet-block', offset: win.base + at });
      return;
    }
    const iface = this.interfaceFor(view.getUint16(at + 8, le), win, at, stats);
    if (iface === undefined) return;
    const capLen = view.getUint32(at + 20, le);
    if (capLen > blockLen - 32) {
      stats.anomalies.push({ code: 'pcapng.bad-captured-length', offset: win.base + at + 20 });
      return;
    }
    this.emit(
      batch,
      stats,
      win,
      at + 28,
      capLen,
      view.getUint32(at + 24, le),
      iface,
      toMicros(view.getUint32(at + 12, le), view.getUint32(at + 16, le), iface.scale),
    );
  }

  /** SPB: no timestamp, always interface 0; captured length follows from snaplen and block size. */
  private readSimplePacket(
    win: ByteWindow,
    at: number,
    blockLen: number,
    batch: RawFrame[],
    stats: CaptureStats,
  ): void {
    const iface = this.interfaceFor(0, win, at, stats);
    if (iface === undefined || blockLen < 16) return;
    const wireLen = win.view.getUint32(at + 8, this.littleEndian);
    let capLen = Math.min(wireLen, blockLen - 16);
    if (iface.snapLen > 0) capLen = Math.min(capLen, iface.snapLen);
    this.emit(batch, stats, win, at + 12, capLen, wireLen, iface, 0);
  }

  private emit(
    batch: RawFrame[],
    stats: CaptureStats,
    win: ByteWindow,
    dataStart: number,
    capLen: number,
    wireLen: number,
    iface: Interface,
    tsMicros: number,
  ): void {
    batch.push(
      new BufferFrame(tsMicros, iface.globalIndex, iface.linkType, wireLen, win.buf, dataStart, capLen, win.base + dataStart),
    );
    stats.frames++;
    stats.bytes += capLen;
  }
}
