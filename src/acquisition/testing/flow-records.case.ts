/** Invariants every Flow from any flow source (argus, Zeek, EVE, NetFlow) must hold. */
import { expect } from 'vitest';
import type { Flow } from '../../records/flow.js';
import { KDD_SERVICES } from '../../flows/services.js';

const FLAGS = new Set(['SF', 'S0', 'S1', 'S2', 'S3', 'REJ', 'RSTO', 'RSTR', 'RSTOS0', 'SH', 'OTH']);
const PROTOS = new Set(['tcp', 'udp', 'icmp', 'icmp6', 'other']);
const END_REASONS = new Set(['fin', 'rst', 'idle', 'active', 'evicted', 'flush']);
const SERVICES = new Set<string>(KDD_SERVICES);
const count = (n: number): boolean => Number.isInteger(n) && n >= 0;
const port = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 65535;

export function flowProblems(f: Flow): string[] {
  const p: string[] = [];
  if (f.id === '') p.push('empty id');
  if (!PROTOS.has(f.proto)) p.push(`proto ${f.proto}`);
  if (f.origIp === '' || f.respIp === '') p.push('missing address');
  if (!port(f.origPort) || !port(f.respPort)) p.push(`port ${f.origPort}/${f.respPort}`);
  if (!Number.isFinite(f.startMicros) || f.startMicros <= 0 || f.endMicros < f.startMicros)
    p.push(`times ${f.startMicros}..${f.endMicros}`);
  for (const k of [
    'origPackets',
    'respPackets',
    'origBytes',
    'respBytes',
    'origWireBytes',
    'respWireBytes',
    'fragments',
    'wrongFragments',
    'urgent',
  ] as const) {
    if (!count(f[k])) p.push(`${k} ${f[k]}`);
  }
  if (!FLAGS.has(f.flag)) p.push(`flag ${f.flag}`);
  if (!SERVICES.has(f.service)) p.push(`service ${f.service}`);
  if (!END_REASONS.has(f.endReason)) p.push(`endReason ${f.endReason}`);
  if (f.source === undefined || f.source === '') p.push('missing source');
  return p;
}

/** Assert every flow is well formed and ids are unique within the batch. */
export function expectValidFlows(flows: readonly Flow[]): void {
  const bad = flows
    .map((f) => ({ id: f.id, problems: flowProblems(f) }))
    .filter((x) => x.problems.length > 0);
  expect(bad.slice(0, 5)).toEqual([]);
  expect(new Set(flows.map((f) => f.id)).size).toBe(flows.length);
}
