/**
 * Capture file reader: pcap or pcapng, plain or gzipped, detected by magic number.
 *
 * Written by hand rather than taken from npm: the npm pcap parsers (pcap-parser, pcapng-parser,
 * pcap-ng-parser) are unmaintained, emit one object and one Buffer copy per packet through
 * EventEmitters, miss nanosecond/if_tsresol handling or multi-interface pcapng, and throw on
 * truncated files. The sensor needs >= 1M packets/s with no per-packet copies and clean,
 * counted handling of corrupt input, which a small reader over one reused buffer gives.
 */
import type { CaptureStats, FrameSource, RawFrame } from '../frame.js';
import { GzipStreamError, openByteSource, type ByteSource } from './byte-source.js';
import { ByteWindow } from './byte-window.js';
import { CaptureFormatError, CaptureOpenError } from './errors.js';
import { BATCH_FULL, STOP, type FormatParser } from './format-parser.js';
import { BLOCK_SHB, PcapngParser } from './pcapng-format.js';
import { isPcapMagic, PcapParser } from './pcap-format.js';

export { CaptureFormatError, CaptureOpenError } from './errors.js';

export interface ReadCaptureOptions {
  /**
   * Most frames per batch.
   * @default 4096
   */
  batchSize?: number;
}

export const DEFAULT_BATCH_SIZE = 4096;

/**
 * Stream the frames of a capture file in batches.
 *
 * Each frame's `data` is a view into a buffer the reader reuses: it stays valid only until the
 * next batch is requested. Problems inside the file (a truncated last record, a corrupt length)
 * end the stream cleanly and are counted in `stats.anomalies` with their byte offset; a file that
 * cannot be opened or is not a capture at all makes iteration throw CaptureOpenError or
 * CaptureFormatError.
 */
export function readCapture(path: string, opts: ReadCaptureOptions = {}): FrameSource {
  return new CaptureFileSource(path, Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE));
}

class CaptureFileSource implements FrameSource {
  readonly stats: CaptureStats = { frames: 0, bytes: 0, anomalies: [] };

  constructor(
    private readonly path: string,
    private readonly batchSize: number,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<RawFrame[]> {
    return this.frames();
  }

  private async *frames(): AsyncGenerator<RawFrame[]> {
    let source: ByteSource;
    try {
      source = await openByteSource(this.path);
    } catch (cause) {
      throw new CaptureOpenError(this.path, { cause });
    }
    try {
      const win = new ByteWindow(source);
      await this.fillOrAnomaly(win, 4);
      const parser = this.detectFormat(win);
      let batch: RawFrame[] = [];
      for (;;) {
        const need = parser.parse(win, batch, this.batchSize, this.stats);
        if (need === STOP) break;
        if (need === BATCH_FULL) {
          yield batch;
          batch = [];
          continue;
        }
        // Refilling may move bytes that frames in `batch` point to: hand the batch over first.
        if (batch.length > 0) {
          yield batch;
          batch = [];
        }
        if (!(await this.fillOrAnomaly(win, need))) {
          if (win.available > 0) {
            this.stats.anomalies.push({
              code: parser.truncatedCode,
              offset: win.streamOffset,
              detail: `stream ends ${win.available} bytes into a record that needs ${need}`,
            });
          }
          break;
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      await source.close();
    }
  }

  /** fill(), turning a gzip error into a counted anomaly (the stream then ends). */
  private async fillOrAnomaly(win: ByteWindow, n: number): Promise<boolean> {
    try {
      return await win.fill(n);
    } catch (err) {
      if (!(err instanceof GzipStreamError)) throw err;
      const cause = err.cause instanceof Error ? err.cause.message : String(err.cause);
      this.stats.anomalies.push({ code: 'gzip.corrupt', offset: win.base + win.end, detail: cause });
      win.eof = true;
      return false;
    }
  }

  private detectFormat(win: ByteWindow): FormatParser {
    if (win.available < 4) {
      throw new CaptureFormatError(this.path, 0, `only ${win.available} bytes`);
    }
    if (isPcapMagic(win.view, win.start)) return new PcapParser();
    if (win.view.getUint32(win.start, false) === BLOCK_SHB) return new PcapngParser();
    const magic = win.view.getUint32(win.start, false).toString(16).padStart(8, '0');
    throw new CaptureFormatError(this.path, 0, `unknown magic 0x${magic}`);
  }
}
