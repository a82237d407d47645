/** Copies what a growing log gained during a run (from a byte offset taken at the start) into the run dir. */
import { open, stat, writeFile } from 'node:fs/promises';

export async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** Writes bytes [from, end of file) of src to dest; returns the number of lines copied. */
export async function copyTail(src: string, from: number, dest: string): Promise<number> {
  const size = await fileSize(src);
  const length = Math.max(0, size - from);
  const buf = Buffer.alloc(length);
  if (length > 0) {
    const fh = await open(src, 'r');
    try {
      await fh.read(buf, 0, length, from);
    } finally {
      await fh.close();
    }
  }
  await writeFile(dest, buf);
  let lines = 0;
  for (const b of buf) if (b === 0x0a) lines++;
  return lines;
}
