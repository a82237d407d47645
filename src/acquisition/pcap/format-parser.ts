/** The contract between the capture reader loop and one file format (pcap, pcapng). */
import type { CaptureStats, RawFrame } from '../frame.js';
import type { ByteWindow } from './byte-window.js';

/** `parse` result: the stream cannot go on (an anomaly was recorded). */
export const STOP = -1;
/** `parse` result: the batch is full; call again after the consumer took it. */
export const BATCH_FULL = 0;

/**
 * Largest record or block the readers accept (Wireshark uses the same 16 MiB bound). A length
 * field above it is treated as corruption, so a bad header can never make the reader allocate more.
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

export interface FormatParser {
  /** Anomaly code used when the stream ends inside a record. */
  readonly truncatedCode: string;
  /**
   * Parse complete records starting at `win.start`, appending frames to `batch` (up to `maxBatch`)
   * and advancing `win.start`. Returns BATCH_FULL, STOP, or the number of bytes (counted from
   * `win.start`, never above MAX_RECORD_BYTES + header) needed before it can make progress.
   */
  parse(win: ByteWindow, batch: RawFrame[], maxBatch: number, stats: CaptureStats): number;
}
