import { afterAll, describe, expect, it } from 'vitest';
import { readDataset } from './index.js';
import { DatasetFormatError } from './table.js';
import { makeTempDir, nslLine } from './temp-files.testkit.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

async function formatError(kind: 'nsl-kdd' | 'kddcup99', file: string): Promise<DatasetFormatError> {
  const err = await readDataset(kind, file).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DatasetFormatError);
  return err as DatasetFormatError;
}

describe('NSL-KDD reader', () => {
  it('reads features, attack, category, label and difficulty', async () => {
    const file = tmp.write(
      'ok.txt.gz',
      [nslLine('normal'), nslLine('neptune', { 1: 'udp', 4: '7' }, '19'), nslLine('guess_passwd')].join(
        '\n',
      ) + '\n',
      { gzip: true },
    );
    const t = await readDataset('nsl-kdd', file);
    expect(t.rows).toBe(3);
    expect(t.dataset).toBe('nsl-kdd');
    expect(t.schema.columns).toHaveLength(41);
    expect(t.columns[1]).toEqual(['tcp', 'udp', 'tcp']);
    expect(Array.from(t.columns[4] as Float64Array)).toEqual([181, 7, 181]);
    expect(t.attack).toEqual(['normal', 'neptune', 'guess_passwd']);
    expect(t.category).toEqual(['normal', 'dos', 'r2l']);
    expect(Array.from(t.label)).toEqual([0, 1, 1]);
    expect(Array.from(t.difficulty!)).toEqual([20, 19, 20]);
    expect(t.warnings).toEqual([]);
  });

  it('maps unknown attack names to "unknown" and counts them', async () => {
    const file = tmp.write(
      'unknown.txt',
      [nslLine('normal'), nslLine('zeroday'), nslLine('zeroday')].join('\n'),
    );
    const t = await readDataset('nsl-kdd', file);
    expect(t.category).toEqual(['normal', 'unknown', 'unknown']);
    expect(Array.from(t.label)).toEqual([0, 1, 1]);
    expect(t.warnings).toEqual([{ kind: 'unknown-attack', detail: 'zeroday', count: 2, firstLine: 2 }]);
  });

  it('counts blank lines instead of failing on them', async () => {
    const file = tmp.write('blank.txt', [nslLine(), '', nslLine()].join('\n'));
    const t = await readDataset('nsl-kdd', file);
    expect(t.rows).toBe(2);
    expect(t.warnings).toEqual([
      { kind: 'blank-line', detail: 'blank line skipped', count: 1, firstLine: 2 },
    ]);
  });

  it('names file and line for a wrong column count', async () => {
    const file = tmp.write(
      'short.txt',
      [nslLine(), nslLine(), nslLine().split(',').slice(1).join(',')].join('\n'),
    );
    const e = await formatError('nsl-kdd', file);
    expect(e.file).toBe(file);
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/expected 43 comma-separated columns for nsl-kdd, got 42/);
  });

  it('names file, line and column for a non-numeric value', async () => {
    const file = tmp.write('nan.txt', [nslLine(), nslLine('normal', { 5: '12x' })].join('\n'));
    const e = await formatError('nsl-kdd', file);
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/column dst_bytes: expected a number, got "12x"/);
  });

  it('rejects an empty numeric field rather than reading it as 0', async () => {
    const file = tmp.write('empty.txt', nslLine('normal', { 0: '' }));
    expect((await formatError('nsl-kdd', file)).message).toMatch(
      /column duration: expected a number, got ""/,
    );
  });

  it('rejects a bad label and a bad difficulty', async () => {
    const badLabel = tmp.write('label.txt', nslLine('nor;mal'));
    expect((await formatError('nsl-kdd', badLabel)).message).toMatch(/column label: bad label/);
    const badDifficulty = tmp.write('difficulty.txt', nslLine('normal', {}, '2.5'));
    expect((await formatError('nsl-kdd', badDifficulty)).message).toMatch(/column difficulty/);
  });

  it('rejects an empty categorical value', async () => {
    const file = tmp.write('no-service.txt', [nslLine(), nslLine('normal', { 2: '' })].join('\n'));
    const e = await formatError('nsl-kdd', file);
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/column service: bad category value ""/);
  });

  it('rejects a file with no rows', async () => {
    const file = tmp.write('none.txt', '\n');
    expect((await formatError('nsl-kdd', file)).message).toMatch(/no data rows/);
  });

  it('reports progress', async () => {
    const file = tmp.write('progress.txt', [nslLine(), nslLine()].join('\n'));
    const seen: number[] = [];
    await readDataset('nsl-kdd', file, { onProgress: (n) => seen.push(n) });
    expect(seen.at(-1)).toBe(2);
  });
});

describe('KDD Cup 99 reader', () => {
  const kddLine = (attack: string): string =>
    nslLine(attack).split(',').slice(0, 41).concat(attack).join(',');

  it('reads 42 columns and strips the trailing dot of labels', async () => {
    const file = tmp.write('kdd.gz', [kddLine('normal.'), kddLine('smurf.'), kddLine('Satan.')].join('\n'), {
      gzip: true,
    });
    const t = await readDataset('kddcup99', file);
    expect(t.attack).toEqual(['normal', 'smurf', 'satan']);
    expect(t.category).toEqual(['normal', 'dos', 'probe']);
    expect(t.difficulty).toBeUndefined();
  });

  it('rejects an NSL-KDD line (43 columns)', async () => {
    const file = tmp.write('kdd-nsl.txt', nslLine());
    expect((await formatError('kddcup99', file)).message).toMatch(
      /expected 42 comma-separated columns for kddcup99/,
    );
  });
});
