import { describe, expect, it } from 'vitest';
import type { Alert } from '../records/index.js';
import { Correlator } from './correlate.js';

const S = 1_000_000;
function alert(id: string, ts: number, extra: Partial<Alert> = {}): Alert {
  return {
    id,
    tsMicros: ts,
    entity: { kind: 'ip', value: '10.1.1.1' },
    score: 0.9,
    category: 'brute-force',
    detector: 'rules',
    modelVersions: [],
    evidence: { flowIds: [`f-${id}`], logEventIds: [`l-${id}`] },
    ...extra,
  };
}

describe('Correlator', () => {
  it('accumulates evidence per entity with links to flows and log events', () => {
    const c = new Correlator({ duplicateWindowMicros: 30 * S, entityIdleMicros: 3600 * S });
    c.observe(alert('a1', 0), 0);
    c.observe(alert('a2', S, { category: 'scan', score: 0.5 }), S);
    c.observe(alert('b1', S, { entity: { kind: 'ip', value: '10.2.2.2' } }), S);
    const ev = c.get({ kind: 'ip', value: '10.1.1.1' })!;
    expect(ev).toMatchObject({ alertCount: 2, maxScore: 0.9, categories: { 'brute-force': 1, scan: 1 } });
    expect(ev.alertIds).toEqual(['a1', 'a2']);
    expect(ev.flowIds).toEqual(['f-a1', 'f-a2']);
    expect(ev.logEventIds).toEqual(['l-a1', 'l-a2']);
    expect(c.size).toBe(2);
  });

  it('the evidence level leaks away (halves every half-life)', () => {
    const c = new Correlator({
      duplicateWindowMicros: S,
      entityIdleMicros: 3600 * S,
      halfLifeMicros: 10 * S,
    });
    c.observe(alert('a1', 0, { score: 1 }), 0);
    const ev = c.observe(alert('a2', 10 * S, { score: 1 }), 10 * S).evidence;
    expect(ev.level).toBeCloseTo(1.5, 6);
  });

  it('suppresses the same alert id and the same claim about the same flows within the window', () => {
    const c = new Correlator({ duplicateWindowMicros: 30 * S, entityIdleMicros: 3600 * S });
    expect(c.observe(alert('a1', 0), 0).duplicate).toBe(false);
    expect(c.observe(alert('a1', 0), 5 * S).duplicate).toBe(true);
    const sameFlows = alert('a9', 6 * S, { evidence: { flowIds: ['f-a1'], logEventIds: ['l-a1'] } });
    expect(c.observe(sameFlows, 6 * S).duplicate).toBe(true);
    expect(c.observe({ ...sameFlows, id: 'a10', detector: 'svm' }, 6 * S).duplicate).toBe(false);
    expect(c.observe({ ...sameFlows, id: 'a11' }, 40 * S).duplicate).toBe(false); // window passed
    expect(c.get({ kind: 'ip', value: '10.1.1.1' })?.alertCount).toBe(3);
    expect([c.observed, c.duplicates]).toEqual([5, 2]);
  });

  it('forgets idle entities', () => {
    const c = new Correlator({ duplicateWindowMicros: S, entityIdleMicros: 60 * S });
    c.observe(alert('a1', 0), 0);
    c.observe(alert('b1', 50 * S, { entity: { kind: 'user', value: 'root' } }), 50 * S);
    expect(c.expire(70 * S).map((e) => e.entity.value)).toEqual(['10.1.1.1']);
    expect(c.size).toBe(1);
  });
});
