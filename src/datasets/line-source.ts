/**
 * Streams the lines of a text file, gunzipping on the fly when the file starts with the gzip magic
 * bytes (so `KDDTrain+.txt.gz` and a plain `KDDTrain+.txt` read the same way).
 *
 * Written by hand rather than with node:readline because readline emits one event per line, which
 * costs several times more than splitting 1 MiB chunks ourselves; lines come out in batches.
 * CRLF line ends and a leading UTF-8 byte-order mark are removed here, so parsers never see them.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { DatasetFormatError } from './table.js';

const CHUNK_BYTES = 1 << 20;

export interface LineBatch {
  /** 1-based line number of lines[0] in the file. */
  firstLine: number;
  lines: string[];
}

/**
 * The path to read: `path` itself, or `path + '.gz'` when only the gzipped copy exists (the shared
 * folder keeps `KDDTrain+.txt.gz`, users type `KDDTrain+.txt`).
 */
export async function resolveDataPath(path: string): Promise<string> {
  for (const candidate of [path, `${path}.gz`]) {
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // try the next candidate
    }
  }
  throw new DatasetFormatError(path, 0, 'no such file (also tried with .gz)');
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/**
 * Yields the lines of `file` (a path from resolveDataPath) in batches; throws DatasetFormatError
 * for unreadable or corrupt files.
 */
export async function* readLineBatches(file: string): AsyncGenerator<LineBatch> {
  const gz = await isGzip(file);
  const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const stream: Readable = gz ? raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : raw;
  if (gz) raw.on('error', (err) => stream.destroy(err));

  const decoder = new StringDecoder('utf8');
  let carry = '';
  let nextLine = 1;
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let text = carry + decoder.write(chunk);
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      if (lines.length === 0) continue;
      stripCarriageReturns(lines);
      yield { firstLine: nextLine, lines };
      nextLine += lines.length;
    }
  } catch (err) {
    if (err instanceof DatasetFormatError) throw err;
    const what = gz ? 'gzip stream is truncated or corrupt' : 'read failed';
    const detail = err instanceof Error ? err.message : String(err);
    throw new DatasetFormatError(file, nextLine, `${what} (${detail})`, { cause: err });
  } finally {
    stream.destroy();
    raw.destroy();
  }
  const tail = carry + decoder.end();
  if (tail.length > 0) {
    const lines = [tail.endsWith('\r') ? tail.slice(0, -1) : tail];
    if (first && lines[0]!.charCodeAt(0) === 0xfeff) lines[0] = lines[0]!.slice(1);
    yield { firstLine: nextLine, lines };
  }
}

function stripCarriageReturns(lines: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
}
