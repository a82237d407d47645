import { afterAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { readLineBatches, resolveDataPath } from './line-source.js';
import { DatasetFormatError } from './table.js';
import { makeTempDir } from './temp-files.testkit.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

async function allLines(file: string): Promise<{ lines: string[]; firsts: number[] }> {
  const lines: string[] = [];
  const firsts: number[] = [];
  for await (const b of readLineBatches(file)) {
    firsts.push(b.firstLine);
    lines.push(...b.lines);
  }
  return { lines, firsts };
}

describe('readLineBatches', () => {
  it('strips a UTF-8 BOM and CRLF line ends, plain or gzipped', async () => {
    const text = '\uFEFFa,b\r\n1,2\r\n3,4\r\n';
    for (const gzip of [false, true]) {
      const file = tmp.write(`bom-${gzip}.csv`, text, { gzip });
      expect((await allLines(file)).lines).toEqual(['a,b', '1,2', '3,4']);
    }
  });

  it('keeps a last line without a newline, and numbers batches from line 1', async () => {
    const file = tmp.write('tail.txt', 'x\ny\nz');
    const { lines, firsts } = await allLines(file);
    expect(lines).toEqual(['x', 'y', 'z']);
    expect(firsts[0]).toBe(1);
  });

  it('joins lines split across chunk boundaries (multi-megabyte file)', async () => {
    const rows = Array.from({ length: 120_000 }, (_, i) => `row-${i},${'é'.repeat(i % 7)}`);
    const file = tmp.write('big.txt.gz', rows.join('\n') + '\n', { gzip: true });
    const { lines, firsts } = await allLines(file);
    expect(lines.length).toBe(rows.length);
    expect(lines).toEqual(rows);
    expect(firsts.length).toBeGreaterThan(1);
  });

  it('names the file and line when a gzip file is truncated', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `${i},${i * 7919}`).join('\n');
    const gz = gzipSync(Buffer.from(rows));
    const file = tmp.write('cut.txt.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    const err = await allLines(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetFormatError);
    const e = err as DatasetFormatError;
    expect(e.file).toBe(file);
    expect(e.message).toMatch(/truncated or corrupt/);
    expect(e.line).toBeGreaterThan(1);
    expect(e.cause).toBeDefined();
  });

  it('resolves a path to its .gz copy when only that exists, and fails clearly otherwise', async () => {
    const gzFile = tmp.write('only.txt.gz', 'q\n', { gzip: true });
    expect(await resolveDataPath(gzFile.slice(0, -3))).toBe(gzFile);
    await expect(resolveDataPath(`${tmp.path}/missing.txt`)).rejects.toThrow(/missing\.txt:0: no such file/);
  });
});
