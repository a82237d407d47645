/** Test helper: writes fixture files (plain or gzipped) into a fresh temp folder. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface TempDir {
  path: string;
  write(name: string, content: string | Buffer, opts?: { gzip?: boolean }): string;
  remove(): void;
}

export function makeTempDir(prefix = 'vigil-datasets-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    write(name, content, opts = {}) {
      const file = join(path, name);
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      writeFileSync(file, opts.gzip ? gzipSync(bytes) : bytes);
      return file;
    },
    remove() {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** One NSL-KDD line: 41 features, attack, difficulty (fields can be overridden by index). */
export function nslLine(
  attack = 'normal',
  overrides: Record<number, string> = {},
  difficulty = '20',
): string {
  const fields = [
    '0',
    'tcp',
    'http',
    'SF',
    '181',
    '5450',
    '0',
    '0',
    '0',
    '0',
    '0',
    '1',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '8',
    '8',
    '0.00',
    '0.00',
    '0.00',
    '0.00',
    '1.00',
    '0.00',
    '0.00',
    '9',
    '9',
    '1.00',
    '0.00',
    '0.11',
    '0.00',
    '0.00',
    '0.00',
    '0.00',
    '0.00',
  ];
  for (const [i, v] of Object.entries(overrides)) fields[Number(i)] = v;
  return [...fields, attack, difficulty].join(',');
}
