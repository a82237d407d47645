import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCidr } from '../decision/cidr.js';
import { DecisionStore } from '../store/decision-store.js';
import { allowlistViolations } from './audit.js';
import { decision } from './backend.case.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('allowlistViolations', () => {
  it('finds applied decisions whose target overlaps an allowlist, ignoring refused and dry-run ones', () => {
    const store = new DecisionStore(join(dir, 'a.db'));
    const ok = decision('10.80.0.1');
    const refused = decision('10.203.250.7');
    const dry = decision('10.203.250.8', { dryRun: true });
    const slipped = decision('10.0.0.0/8'); // applied before 10.9.0.0/16 was added to the allowlist
    store.put(ok, refused, dry, slipped);
    store.putResults([
      { decisionId: ok.id, backend: 'nftables', status: 'applied', atMicros: 1 },
      { decisionId: refused.id, backend: 'nftables', status: 'refused', atMicros: 1, detail: 'allowlist' },
      { decisionId: dry.id, backend: 'dry-run', status: 'dry-run', atMicros: 1 },
      { decisionId: slipped.id, backend: 'nftables', status: 'applied', atMicros: 1 },
    ]);
    expect(
      allowlistViolations(store, [parseCidr('10.203.250.0/24')]).map((v) => v.stored.decision.id),
    ).toEqual([slipped.id]);
    const later = allowlistViolations(store, [parseCidr('10.9.0.0/16')]);
    expect(later.map((v) => [v.stored.decision.target, v.allowlisted.text])).toEqual([
      ['10.0.0.0/8', '10.9.0.0/16'],
    ]);
    expect(allowlistViolations(store, [parseCidr('192.0.2.0/24')])).toEqual([]);
    store.close();
  });
});
