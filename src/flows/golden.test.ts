/**
 * Golden cases: testdata/<case>/case.json names a shared pcap and the flows (and feature values)
 * it must produce. Values in the cases were worked out by hand from tshark's packet listing; see
 * each case's "why".
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { flowsFromCapture } from './capture.js';
import { createExtractors } from '../features/registry.js';
import type { Flow } from '../records/flow.js';
import type { FeatureBatch } from '../records/feature-batch.js';

const PCAPS = fileURLToPath(new URL('../../../shared/datasets/pcaps/', import.meta.url));
const CASES = fileURLToPath(new URL('./testdata/', import.meta.url));

interface GoldenCase {
  pcap: string;
  features: string[];
  flowCount: number;
  flagCounts?: Record<string, number>;
  flows?: (Partial<Flow> & Record<string, unknown>)[];
  spotChecks?: { origIp: string; origPort: number; respPort: number; flag: string }[];
}

function featureRecord(batch: FeatureBatch, row: number): Record<string, number | string> {
  const w = batch.schema.columns.length;
  const rec: Record<string, number | string> = {};
  batch.schema.columns.forEach((c, j) => {
    const v = batch.data[row * w + j]!;
    const vocab = batch.schema.categories?.[c];
    rec[c] = vocab === undefined ? v : vocab[v]!;
  });
  return rec;
}

describe.skipIf(!existsSync(PCAPS))('golden flows from shared pcaps', () => {
  for (const name of readdirSync(CASES)) {
    const c = JSON.parse(readFileSync(`${CASES}${name}/case.json`, 'utf8')) as GoldenCase;
    it(`${name} (${c.pcap})`, async () => {
      const { rows } = await flowsFromCapture(PCAPS + c.pcap, { extractors: createExtractors(c.features) });
      const flows = rows!.flows;
      expect(flows.length).toBe(c.flowCount);
      if (c.flagCounts !== undefined) {
        const counts: Record<string, number> = {};
        for (const f of flows) counts[f.flag] = (counts[f.flag] ?? 0) + 1;
        expect(counts).toEqual(c.flagCounts);
      }
      for (const s of c.spotChecks ?? []) {
        const matching = flows.filter((x) => x.origIp === s.origIp && x.origPort === s.origPort && x.respPort === s.respPort);
        expect(matching.map((f) => f.flag), `${s.origIp}:${s.origPort} -> ${s.respPort}`).toEqual([s.flag]);
      }
      (c.flows ?? []).forEach((want, i) => {
        const got = flows[i]!;
        const { ...flowFields } = want;
        for (const b of rows!.batches) delete flowFields[b.schema.name];
        expect(got).toMatchObject(flowFields);
        for (const b of rows!.batches) {
          const wantFeatures = want[b.schema.name] as Record<string, number | string> | undefined;
          if (wantFeatures === undefined) continue;
          const gotFeatures = featureRecord(b, i);
          for (const [col, v] of Object.entries(wantFeatures)) {
            if (typeof v === 'string') expect(gotFeatures[col], col).toBe(v);
            else expect(gotFeatures[col] as number, `${b.schema.name}.${col}`).toBeCloseTo(v, v !== 0 && Math.abs(v) > 1000 ? -1 : 3);
          }
        }
      });
    });
  }
});
