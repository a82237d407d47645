import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../records/index.js';
import { loadResponseConfig, parseResponseConfig } from './config.js';
import { DecisionEngine } from './engine.js';
import { escalatedTtl } from './escalation.js';

const S = 1_000_000;
const example = loadResponseConfig(fileURLToPath(new URL('./examples/response.yaml', import.meta.url)));
let n = 0;
function alert(ts: number, extra: Partial<Alert> = {}): Alert {
  const id = `a${++n}`;
  return {
    id,
    tsMicros: ts,
    entity: { kind: 'ip', value: '10.66.0.9' },
    score: 0.95,
    category: 'brute-force',
    detector: 'rules',
    modelVersions: [],
    evidence: { flowIds: [`f${id}`], logEventIds: [`l${id}`] },
    ...extra,
  };
}
function ids() {
  let i = 0;
  return () => `d${++i}`;
}

describe('DecisionEngine with the example profiles', () => {
  it('3 high-confidence alerts in 60 s block the source for 4 h, with a reason linking alerts, flows and log events', () => {
    const e = new DecisionEngine(example, { newId: ids() });
    expect(e.observe(alert(0), 0).decisions).toEqual([]);
    expect(e.observe(alert(20 * S), 20 * S).decisions).toEqual([]);
    const [d] = e.observe(alert(40 * S), 40 * S).decisions;
    expect(d).toMatchObject({
      id: 'd1',
      action: 'block',
      target: '10.66.0.9',
      ttlSeconds: 14_400,
      origin: 'profile',
      dryRun: false,
    });
    expect(d?.alertIds).toHaveLength(3);
    expect(d?.reason).toMatch(/profile ssh-brute-force: 3 alerts in 40s/);
    expect(d?.reason).toMatch(/flows fa\d+, fa\d+, fa\d+/);
    expect(d?.reason).toMatch(/log events la\d+/);
    // In force: more alerts do not make more decisions.
    expect(e.observe(alert(41 * S), 41 * S).decisions).toEqual([]);
  });

  it('does not fire when the alerts are spread wider than the window or score too low', () => {
    const e = new DecisionEngine(example);
    const out = [0, 35, 70, 105].flatMap((t) => e.observe(alert(t * S), t * S).decisions);
    expect(out).toEqual([]);
    const low = [0, 1, 2, 3].flatMap(
      (t) =>
        e.observe(alert(t * S, { score: 0.5, entity: { kind: 'ip', value: '10.66.0.10' } }), t * S).decisions,
    );
    expect(low).toEqual([]);
  });

  it('ignores duplicates when counting', () => {
    const e = new DecisionEngine(example);
    const a = alert(0);
    for (let i = 0; i < 5; i++) expect(e.observe({ ...a }, i * S).decisions).toEqual([]);
  });

  it('escalates repeat offenders each time, up to the cap', () => {
    const e = new DecisionEngine(example, { newId: ids() });
    const ttls: number[] = [];
    let t = 0;
    for (let round = 0; round < 8; round++) {
      for (let k = 0; k < 3; k++) {
        t += S;
        ttls.push(...e.observe(alert(t), t).decisions.map((d) => d.ttlSeconds));
      }
      t += 8 * 86_400 * S; // past any TTL
    }
    expect(ttls).toEqual([14_400, 28_800, 57_600, 115_200, 230_400, 460_800, 604_800, 604_800]);
  });

  it('uses the offence count it is given (e.g. from the store)', () => {
    const e = new DecisionEngine(example, { offences: () => 3 });
    const ds = [0, 1, 2].flatMap((t) => e.observe(alert(t * S), t * S).decisions);
    expect(ds[0]?.ttlSeconds).toBe(14_400 * 8);
    expect(ds[0]?.reason).toMatch(/repeat offence #4/);
  });

  it('rate-limits floods with the profile rate, quarantines on one u2r alert', () => {
    const e = new DecisionEngine(example);
    const flood = [0, 1, 2, 3, 4].flatMap(
      (t) =>
        e.observe(alert(t * S, { category: 'flood', entity: { kind: 'ip', value: '10.66.1.1' } }), t * S)
          .decisions,
    );
    expect(flood).toEqual([expect.objectContaining({ action: 'rate-limit', rate: 50, ttlSeconds: 1800 })]);
    const q = e.observe(
      alert(0, { category: 'u2r', score: 0.99, entity: { kind: 'ip', value: '10.66.2.2' } }),
      0,
    ).decisions;
    expect(q).toEqual([
      expect.objectContaining({ action: 'quarantine', target: '10.66.2.2', ttlSeconds: 3600 }),
    ]);
  });

  it('is dry-run without a firewall, and turns firewall actions on non-IP entities into notifications', () => {
    const c = parseResponseConfig(
      'profiles:\n  - { name: users, match: { entityKinds: [user] }, action: block, ttl: 1h }\n',
    );
    const e = new DecisionEngine(c);
    const [d] = e.observe(alert(0, { entity: { kind: 'user', value: 'root' } }), 0).decisions;
    expect(d).toMatchObject({ action: 'notify', target: 'root', dryRun: true });
    expect(d?.reason).toMatch(/needs an IP/);
  });

  it('makes operator decisions with origin operator', () => {
    const e = new DecisionEngine(example, { newId: ids() });
    expect(
      e.operatorDecision({ action: 'block', target: '10.1.2.3', ttlSeconds: 60, reason: 'manual' }, 5),
    ).toEqual({
      id: 'd1',
      createdMicros: 5,
      action: 'block',
      target: '10.1.2.3',
      ttlSeconds: 60,
      reason: 'operator: manual',
      alertIds: [],
      origin: 'operator',
      dryRun: false,
    });
  });
});

describe('escalatedTtl', () => {
  it('grows by the factor and stops at the cap; forever stays forever', () => {
    const p = { factor: 3, maxTtlSeconds: 1000 };
    expect([0, 1, 2, 3].map((k) => escalatedTtl(100, k, p))).toEqual([100, 300, 900, 1000]);
    expect(escalatedTtl(0, 5, p)).toBe(0);
  });
});
