/**
 * Follow a growing log file, as `tail -F` does: complete lines only, across rotation.
 *
 * - A line is handed out only once its newline arrives, so a half-written last line never
 *   becomes a broken event; it waits for the rest.
 * - Rotation by rename (logrotate's default): the old file is drained to its end first, its
 *   unfinished last line (if any) is handed out as it is and counted, then the new file is read
 *   from its start.
 * - Truncation in place (copytruncate): reading restarts at 0, and the cut line is counted.
 * Polls with stat rather than fs.watch, which misses events on some filesystems and on rename.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';

export interface TailOptions {
  /** Read the file from its start instead of from its current end. @default false */
  fromStart?: boolean;
  /** @default 250 */
  pollMs?: number;
  /** Lines longer than this are cut and counted. @default 65536 */
  maxLineBytes?: number;
  /** Stop following when aborted. */
  signal?: AbortSignal;
}

export interface TailStats {
  lines: number;
  rotations: number;
  truncations: number;
  /** Unfinished last lines handed out because their file was rotated or truncated. */
  partialLines: number;
  overlongLines: number;
}

export interface LineSource extends AsyncIterable<string[]> {
  readonly stats: TailStats;
}

export function tailLines(path: string, opts: TailOptions = {}): LineSource {
  const stats: TailStats = { lines: 0, rotations: 0, truncations: 0, partialLines: 0, overlongLines: 0 };
  return { stats, [Symbol.asyncIterator]: () => follow(path, opts, stats) };
}

const READ_BYTES = 64 * 1024;

async function* follow(path: string, opts: TailOptions, stats: TailStats): AsyncGenerator<string[]> {
  const pollMs = opts.pollMs ?? 250;
  const maxLine = opts.maxLineBytes ?? 65536;
  const decoder = new TextDecoder();
  const chunk = new Uint8Array(READ_BYTES);
  let handle: FileHandle | undefined;
  let ino = -1;
  let position = 0;
  let partial: Uint8Array[] = [];
  let partialBytes = 0;
  let first = true;

  const takeLines = (bytes: Uint8Array, out: string[]): void => {
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 0x0a) continue;
      pushPiece(bytes.subarray(start, i));
      emit(out);
      start = i + 1;
    }
    pushPiece(bytes.subarray(start));
  };
  const pushPiece = (piece: Uint8Array): void => {
    if (piece.length === 0) return;
    const room = maxLine - partialBytes;
    if (room <= 0) return;
    if (piece.length > room) stats.overlongLines++;
    const kept = piece.length > room ? piece.subarray(0, room) : piece;
    partial.push(kept.slice());
    partialBytes += kept.length;
  };
  const emit = (out: string[]): void => {
    const joined = new Uint8Array(partialBytes);
    let at = 0;
    for (const p of partial) {
      joined.set(p, at);
      at += p.length;
    }
    partial = [];
    partialBytes = 0;
    let line = decoder.decode(joined);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    out.push(line);
    stats.lines++;
  };
  const flushPartial = (out: string[]): void => {
    if (partialBytes === 0) return;
    stats.partialLines++;
    emit(out);
  };
  const drain = async (out: string[]): Promise<void> => {
    if (handle === undefined) return;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      takeLines(chunk.subarray(0, bytesRead), out);
    }
  };

  try {
    while (opts.signal?.aborted !== true) {
      const out: string[] = [];
      const current = await stat(path).catch(() => undefined);
      if (handle !== undefined && (current === undefined || current.ino !== ino)) {
        // Rotated away (or removed): finish the old file, then switch when a new one exists.
        await drain(out);
        if (current !== undefined) {
          flushPartial(out);
          await handle.close();
          handle = undefined;
          stats.rotations++;
        }
      }
      if (handle === undefined && current !== undefined) {
        handle = await open(path, 'r').catch(() => undefined);
        if (handle !== undefined) {
          ino = (await handle.stat()).ino;
          position = first && opts.fromStart !== true ? current.size : 0;
        }
      } else if (handle !== undefined && current !== undefined && current.size < position) {
        flushPartial(out);
        stats.truncations++;
        position = 0;
      }
      // Only a file present at start is skipped to its end; one that appears later is read whole.
      first = false;
      await drain(out);
      if (out.length > 0) yield out;
      else await sleep(pollMs, opts.signal);
    }
  } finally {
    await handle?.close();
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
