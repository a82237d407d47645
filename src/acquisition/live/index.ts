/**
 * Live capture from a network interface through libpcap (npm `cap`, an optional dependency).
 *
 * libpcap hands packets one at a time into one shared buffer, so each packet is copied once into
 * a per-batch arena; batches are handed out when full or `maxBatchDelayMs` after their first frame.
 * `cap` gives no kernel timestamps: frames are stamped on arrival in Node (microsecond clock
 * anchored to the wall clock at open), which is late by the event-loop delay.
 */
import type { CaptureAnomaly, CaptureStats, FrameSource, RawFrame } from '../frame.js';
import { linkTypeFromCap, loadCap, type CapHandle } from './cap-binding.js';
import { LiveCaptureOpenError } from './errors.js';

export { LiveCaptureOpenError, LiveCaptureUnavailableError } from './errors.js';

export interface LiveCaptureOptions {
  /** Interface name, e.g. "eth0" or "any". */
  device: string;
  /** BPF filter (pcap-filter syntax); empty captures everything. @default '' */
  filter?: string;
  /** Most bytes kept per packet. @default 65535 */
  snapLen?: number;
  /** libpcap's kernel buffer. @default 16 MiB */
  bufferBytes?: number;
  /** Most frames per batch. @default 1024 */
  batchSize?: number;
  /** Hand out a partial batch this long after its first frame. @default 50 */
  maxBatchDelayMs?: number;
  /** Batches waiting for the consumer before new packets are dropped (and counted). @default 256 */
  maxQueuedBatches?: number;
  /** End after this many frames. */
  maxFrames?: number;
  /** End after this long. */
  durationMs?: number;
  /** End when aborted. */
  signal?: AbortSignal;
  /** Called once the device is open and capturing (tests start their traffic then). */
  onReady?: (info: { linkType: number }) => void;
}

const ARENA_BYTES = 1 << 20;

export function openLiveCapture(opts: LiveCaptureOptions): FrameSource {
  return new LiveCaptureSource(opts);
}

class LiveCaptureSource implements FrameSource {
  readonly stats: CaptureStats = { frames: 0, bytes: 0, anomalies: [] };
  private readonly anomalyByCode = new Map<string, CaptureAnomaly & { count: number }>();

  constructor(private readonly opts: LiveCaptureOptions) {}

  [Symbol.asyncIterator](): AsyncIterator<RawFrame[]> {
    return this.batches();
  }

  private countAnomaly(code: string): void {
    let a = this.anomalyByCode.get(code);
    if (a === undefined) {
      a = { code, offset: -1, count: 0 };
      this.anomalyByCode.set(code, a);
      this.stats.anomalies.push(a);
    }
    a.count++;
    a.detail = `${a.count} times`;
  }

  private async *batches(): AsyncGenerator<RawFrame[]> {
    const { Cap } = await loadCap();
    const o = this.opts;
    const filter = o.filter ?? '';
    const snapLen = o.snapLen ?? 65535;
    const batchSize = o.batchSize ?? 1024;
    const maxDelay = o.maxBatchDelayMs ?? 50;
    const maxQueued = o.maxQueuedBatches ?? 256;
    const packetBuffer = Buffer.alloc(snapLen);
    const cap: CapHandle = new Cap();
    let linkType: number;
    try {
      linkType = linkTypeFromCap(cap.open(o.device, filter, o.bufferBytes ?? 16 << 20, packetBuffer));
    } catch (cause) {
      throw new LiveCaptureOpenError(o.device, filter, { cause });
    }

    const ready: RawFrame[][] = [];
    let current: RawFrame[] = [];
    let arena = new Uint8Array(ARENA_BYTES);
    let arenaUsed = 0;
    let flushTimer: NodeJS.Timeout | undefined;
    let ended = false;
    let wake: (() => void) | undefined;
    const notify = (): void => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const flush = (): void => {
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      flushTimer = undefined;
      if (current.length === 0) return;
      ready.push(current);
      current = [];
      arena = new Uint8Array(ARENA_BYTES);
      arenaUsed = 0;
      notify();
    };
    const end = (): void => {
      if (ended) return;
      ended = true;
      flush();
      notify();
    };
    const wallAnchorMicros = Date.now() * 1000;
    const hrAnchor = process.hrtime.bigint();

    cap.on('packet', (nbytes, truncated) => {
      if (ended) return;
      if (truncated) this.countAnomaly('live.truncated');
      if (ready.length >= maxQueued) {
        this.countAnomaly('live.dropped-consumer-slow');
        return;
      }
      if (arenaUsed + nbytes > arena.length) flush();
      if (nbytes > arena.length) arena = new Uint8Array(nbytes);
      arena.set(packetBuffer.subarray(0, nbytes), arenaUsed);
      current.push({
        tsMicros: wallAnchorMicros + Number((process.hrtime.bigint() - hrAnchor) / 1000n),
        ifIndex: 0,
        linkType,
        wireLength: nbytes,
        data: arena.subarray(arenaUsed, arenaUsed + nbytes),
        fileOffset: -1,
      });
      arenaUsed += nbytes;
      this.stats.frames++;
      this.stats.bytes += nbytes;
      if (current.length >= batchSize) flush();
      else if (flushTimer === undefined) flushTimer = setTimeout(flush, maxDelay);
      if (o.maxFrames !== undefined && this.stats.frames >= o.maxFrames) end();
    });

    const stopTimer = o.durationMs !== undefined ? setTimeout(end, o.durationMs) : undefined;
    o.signal?.addEventListener('abort', end, { once: true });
    if (o.signal?.aborted === true) end();
    o.onReady?.({ linkType });
    try {
      for (;;) {
        const batch = ready.shift();
        if (batch !== undefined) {
          yield batch;
          continue;
        }
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      ended = true;
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      if (stopTimer !== undefined) clearTimeout(stopTimer);
      o.signal?.removeEventListener('abort', end);
      cap.close();
    }
  }
}
