import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseResponseConfig } from '../decision/config.js';
import { DecisionEngine } from '../decision/engine.js';
import type { Alert } from '../records/index.js';
import { DecisionStore } from '../store/decision-store.js';
import { ResponsePipeline } from './pipeline.js';
import { createResponse } from './registry.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const S = 1_000_000;

function alert(id: string, ip: string, ts: number): Alert {
  return {
    id,
    tsMicros: ts,
    entity: { kind: 'ip', value: ip },
    score: 0.9,
    category: 'brute-force',
    detector: 'rules',
    modelVersions: [],
    evidence: { flowIds: [`f-${id}`] },
  };
}

describe('ResponsePipeline (dry-run: no firewall configured)', () => {
  it('turns alerts into persisted decisions, drops duplicates, expires them on tick, escalates a repeat', async () => {
    const config = parseResponseConfig(`
allowlist: [10.203.250.0/24]
profiles:
  - { name: brute, match: { categories: [brute-force] }, threshold: { count: 2, window: 60s }, action: block, ttl: 10m }
`);
    const store = new DecisionStore(join(dir, 'p.db'));
    const { dispatcher, backend } = createResponse(config, store, { log: () => {} });
    await backend.init();
    const engine = new DecisionEngine(config, { offences: (t) => store.offences(t) });
    const p = new ResponsePipeline(engine, dispatcher, store);

    const first = await p.onAlerts(
      [alert('a1', '10.70.0.1', 0), alert('a1', '10.70.0.1', 0), alert('a2', '10.70.0.1', S)],
      S,
    );
    expect(first.duplicates).toBe(1);
    expect(first.decisions).toEqual([
      expect.objectContaining({ action: 'block', target: '10.70.0.1', ttlSeconds: 600, dryRun: true }),
    ]);
    expect(first.results.map((r) => r.status)).toEqual(['dry-run']);
    expect(store.live(2 * S)).toHaveLength(1);

    const { expired } = await p.tick(700 * S);
    expect(expired.map((r) => r.status)).toEqual(['expired']);
    expect(store.live(700 * S)).toHaveLength(0);

    const again = await p.onAlerts(
      [alert('a3', '10.70.0.1', 800 * S), alert('a4', '10.70.0.1', 801 * S)],
      801 * S,
    );
    expect(again.decisions[0]?.ttlSeconds).toBe(1200); // second offence: doubled
    const allowlisted = await p.onAlerts(
      [alert('a5', '10.203.250.4', 0), alert('a6', '10.203.250.4', S)],
      802 * S,
    );
    expect(allowlisted.results[0]).toMatchObject({
      status: 'refused',
      detail: expect.stringMatching(/allowlist/),
    });
    await dispatcher.close();
    store.close();
  });
});
