import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, Decision } from '../records/index.js';
import { DecisionStore } from './decision-store.js';

const S = 1_000_000;
const T0 = 1_790_000_000 * S;
const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'));
  dirs.push(dir);
  return join(dir, 'decisions.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function decision(id: string, extra: Partial<Decision> = {}): Decision {
  return {
    id,
    createdMicros: T0,
    action: 'block',
    target: '10.9.9.9',
    ttlSeconds: 600,
    reason: 'r',
    alertIds: ['a1'],
    origin: 'profile',
    dryRun: false,
    ...extra,
  };
}
function alert(id: string, ts: number, ip = '10.9.9.9'): Alert {
  return {
    id,
    tsMicros: ts,
    entity: { kind: 'ip', value: ip },
    score: 0.9,
    category: 'brute-force',
    detector: 'rules',
    modelVersions: [],
    evidence: { flowIds: [] },
  };
}

describe('DecisionStore', () => {
  it('persists decisions and results in a real file that a second process-like open sees', () => {
    const path = tempDb();
    const a = new DecisionStore(path);
    a.put(decision('d1', { rate: 10, action: 'rate-limit' }), decision('d2', { ttlSeconds: 0 }));
    a.putResults([
      {
        decisionId: 'd1',
        backend: 'nftables',
        status: 'applied',
        atMicros: T0 + 5,
        effect: { packets: 3, bytes: 180 },
      },
    ]);
    a.close();
    const b = new DecisionStore(path);
    expect(b.get('d1')?.decision).toEqual(decision('d1', { rate: 10, action: 'rate-limit' }));
    expect(b.get('d1')?.expiresMicros).toBe(T0 + 600 * S);
    expect(b.get('d2')?.expiresMicros).toBeUndefined();
    expect(b.results('d1')).toEqual([
      {
        decisionId: 'd1',
        backend: 'nftables',
        status: 'applied',
        atMicros: T0 + 5,
        effect: { packets: 3, bytes: 180 },
      },
    ]);
    b.close();
  });

  it('splits live from overdue decisions and closes them once', () => {
    const s = new DecisionStore(tempDb());
    s.put(
      decision('short', { ttlSeconds: 10 }),
      decision('long', { ttlSeconds: 1000 }),
      decision('forever', { ttlSeconds: 0 }),
      decision('gone'),
    );
    expect(s.end('gone', 'revoked', T0 + S)).toBe(true);
    expect(s.end('gone', 'revoked', T0 + S)).toBe(false);
    const now = T0 + 100 * S;
    expect(
      s
        .live(now)
        .map((x) => x.decision.id)
        .sort(),
    ).toEqual(['forever', 'long']);
    expect(s.overdue(now).map((x) => x.decision.id)).toEqual(['short']);
    expect(s.get('gone')).toMatchObject({ endStatus: 'revoked', endedMicros: T0 + S });
    s.close();
  });

  it('counts earlier enforcement decisions against a target as offences', () => {
    const s = new DecisionStore(tempDb());
    s.put(
      decision('o1'),
      decision('o2', { createdMicros: T0 + S, action: 'quarantine' }),
      decision('n', { action: 'notify' }),
      decision('x', { target: '10.1.1.1' }),
    );
    expect(s.offences('10.9.9.9')).toBe(2);
    expect(s.offences('10.9.9.9', T0 + S)).toBe(1);
    s.close();
  });

  it('answers whether a block stopped the alerts, with the firewall counters', () => {
    const s = new DecisionStore(tempDb());
    s.put(decision('b1', { createdMicros: T0 }), decision('b2', { target: '10.7.7.7', createdMicros: T0 }));
    s.putResults([
      { decisionId: 'b1', backend: 'nftables', status: 'applied', atMicros: T0 + S },
      {
        decisionId: 'b1',
        backend: 'nftables',
        status: 'applied',
        atMicros: T0 + 60 * S,
        effect: { packets: 42, bytes: 2520 },
      },
      { decisionId: 'b2', backend: 'nftables', status: 'applied', atMicros: T0 + S },
    ]);
    s.recordAlerts([
      alert('x1', T0 - 30 * S),
      alert('x2', T0 - 10 * S),
      alert('y1', T0 - 5 * S, '10.7.7.7'),
      alert('y2', T0 + 20 * S, '10.7.7.7'),
    ]);
    const stopped = s.feedback('b1', T0 + 120 * S)!;
    expect(stopped).toMatchObject({
      alertsBefore: 2,
      alertsDuring: 0,
      stoppedAlerts: true,
      droppedPackets: 42,
      refusedAsAllowlisted: false,
    });
    const notStopped = s.feedback('b2', T0 + 120 * S)!;
    expect(notStopped).toMatchObject({ alertsBefore: 1, alertsDuring: 1, stoppedAlerts: false });
    s.close();
  });

  it('reports a refusal of an allowlisted target', () => {
    const s = new DecisionStore(tempDb());
    s.put(decision('r1', { target: '10.203.250.1' }));
    s.putResults([
      {
        decisionId: 'r1',
        backend: 'nftables',
        status: 'refused',
        atMicros: T0,
        detail: 'allowlist: 10.203.250.1 overlaps allowlisted 10.203.250.0/24',
      },
    ]);
    expect(s.feedback('r1', T0 + S)).toMatchObject({ refusedAsAllowlisted: true, stoppedAlerts: false });
    s.close();
  });
});
