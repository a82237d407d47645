import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kdd41AsTable } from './as-table.js';
import { flowsFromCapture } from '../../flows/capture.js';
import { createExtractors } from '../registry.js';
import { readDataset } from '../../datasets/index.js';
import { Preprocessor } from '../../preprocess/index.js';

const DATA = fileURLToPath(new URL('../../../../shared/datasets/', import.meta.url));

describe.skipIf(!existsSync(DATA))('live kdd41 rows through the NSL-KDD preprocessing', () => {
  it('a preprocessor fitted on KDDTrain+ 20% transforms live flows of a real pcap', async () => {
    const train = await readDataset('nsl-kdd', `${DATA}nsl-kdd/KDDTrain+_20Percent.txt.gz`);
    const pre = Preprocessor.fit(train);
    const { rows } = await flowsFromCapture(`${DATA}pcaps/benign/http_espn.pcapng.gz`, { extractors: createExtractors(['kdd41']) });
    const table = kdd41AsTable(rows!.batches[0]!, 'http_espn');
    expect(table.rows).toBe(39);
    expect((table.columns[2] as string[]).filter((s) => s === 'http')).toHaveLength(25);
    const batch = pre.transform(table);
    expect(batch.rows).toBe(39);
    expect(batch.data.every((v) => Number.isFinite(v))).toBe(true);
  }, 60_000);
});
