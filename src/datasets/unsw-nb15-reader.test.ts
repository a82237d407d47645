import { afterAll, describe, expect, it } from 'vitest';
import { readDataset } from './index.js';
import { DatasetFormatError } from './table.js';
import { UNSW_HEADER } from './unsw-nb15-schema.js';
import { makeTempDir } from './temp-files.testkit.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

const header = UNSW_HEADER.join(',');
/** One data row; numeric features all `fill` except those overridden by name. */
function row(id: number, cat: string, label: string, over: Record<string, string> = {}): string {
  return UNSW_HEADER.map((n) => {
    if (n === 'id') return String(id);
    if (n === 'attack_cat') return cat;
    if (n === 'label') return label;
    return over[n] ?? ({ proto: 'tcp', service: '-', state: 'FIN' } as Record<string, string>)[n] ?? '1';
  }).join(',');
}

async function formatError(file: string): Promise<DatasetFormatError> {
  const err = await readDataset('unsw-nb15', file).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DatasetFormatError);
  return err as DatasetFormatError;
}

describe('UNSW-NB15 reader', () => {
  it('handles BOM, CRLF and header; drops id; lower-cases categories', async () => {
    const text =
      '\uFEFF' +
      [
        header,
        row(1, 'Normal', '0'),
        row(2, 'Exploits', '1', { proto: 'tp++', sbytes: '1762' }),
        row(3, ' Backdoors ', '1'),
      ].join('\r\n') +
      '\r\n';
    const t = await readDataset('unsw-nb15', tmp.write('ok.csv.gz', text, { gzip: true }));
    expect(t.rows).toBe(3);
    expect(t.schema.columns.map((c) => c.name)).not.toContain('id');
    expect(t.schema.columns).toHaveLength(42);
    const col = (name: string) => t.columns[t.schema.columns.findIndex((c) => c.name === name)]!;
    expect(col('proto')).toEqual(['tcp', 'tp++', 'tcp']);
    expect(Array.from(col('sbytes') as Float64Array)).toEqual([1, 1762, 1]);
    expect(Array.from(col('is_sm_ips_ports') as Float64Array)).toEqual([1, 1, 1]);
    expect(t.category).toEqual(['normal', 'exploits', 'backdoor']);
    expect(Array.from(t.label)).toEqual([0, 1, 1]);
  });

  it('rejects a wrong header', async () => {
    const file = tmp.write(
      'hdr.csv',
      [header.replace('sbytes', 'src_bytes'), row(1, 'Normal', '0')].join('\n'),
    );
    const e = await formatError(file);
    expect(e.line).toBe(1);
    expect(e.message).toMatch(/column 8 is "src_bytes", expected "sbytes"/);
  });

  it('names the line of a wrong column count and of a non-numeric value', async () => {
    const short = tmp.write(
      'short.csv',
      [header, row(1, 'Normal', '0'), row(2, 'Normal', '0') + ',9'].join('\r\n'),
    );
    expect(await formatError(short)).toMatchObject({ line: 3 });
    const nan = tmp.write('nan.csv', [header, row(1, 'Normal', '0', { dur: 'abc' })].join('\n'));
    expect((await formatError(nan)).message).toMatch(/:2: column dur: expected a number, got "abc"/);
  });

  it('rejects a label that is not 0/1 or contradicts attack_cat', async () => {
    const bad = tmp.write('label.csv', [header, row(1, 'Normal', '2')].join('\n'));
    expect((await formatError(bad)).message).toMatch(/column label: expected 0 or 1/);
    const contra = tmp.write('contra.csv', [header, row(1, 'Normal', '1')].join('\n'));
    expect((await formatError(contra)).message).toMatch(/label 1 contradicts attack_cat "normal"/);
  });

  it('rejects a file holding only a header', async () => {
    expect((await formatError(tmp.write('hdr-only.csv', header + '\r\n'))).message).toMatch(/no data rows/);
  });
});
