/** Lines of a text file, plain or gzipped (by magic), numbered from 1, for the flow-log readers. */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

export async function* readLines(path: string): AsyncGenerator<{ line: string; lineNo: number }> {
  const handle = await open(path, 'r');
  const head = new Uint8Array(2);
  await handle.read(head, 0, 2, 0).finally(() => handle.close());
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream: Readable = head[0] === 0x1f && head[1] === 0x8b ? file.pipe(createGunzip()) : file;
  let lineNo = 0;
  try {
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      lineNo++;
      yield { line, lineNo };
    }
  } finally {
    file.destroy();
    stream.destroy();
  }
}

/** A record line that could not be used, named by file and line for the report. */
export interface LineProblem {
  lineNo: number;
  code: string;
  detail?: string;
}

/** Flows or events read from a file, with the lines that were skipped and why. */
export interface ParsedFile<T> {
  records: T[];
  problems: LineProblem[];
}
