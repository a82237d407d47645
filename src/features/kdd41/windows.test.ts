/**
 * KDD traffic features on a crafted packet sequence, every expected value worked out by hand below.
 *
 * Six connections, each ended (and emitted) before the next starts:
 *   c1 t=0.0  C:1001 -> V1:80  SF   http
 *   c2 t=0.5  C:1002 -> V1:80  S0   http
 *   c3 t=1.0  A:2001 -> V1:23  REJ  telnet
 *   c4 t=1.5  C:1003 -> V2:80  SF   http
 *   c5 t=2.2  A:2002 -> V1:80  REJ  http
 *   c6 t=3.0  A:2003 -> V1:80  S0   http
 * Time window (2 s, connections that started in [start - 2 s, start]):
 *   c1 {c1}; c2 {c1,c2}; c3 {c1,c2,c3}; c4 {c1..c4}; c5 {c2..c5} (c1 started 2.2 s before);
 *   c6 {c3..c6} (c3 started exactly 2.0 s before: inside).
 * Host window of 3 connections: c4 {c2,c3,c4}; c5 {c3,c4,c5}; c6 {c4,c5,c6}.
 */
import { describe, it, expect } from 'vitest';
import { FlowTable } from '../../flows/flow-table.js';
import { FeatureCollector } from '../collector.js';
import { Kdd41Extractor } from './index.js';
import { KDD41_COLUMNS } from './columns.js';
import { conversation, F } from '../../flows/testing/packets.js';
import type { Packet } from '../../records/packet.js';

const C = '10.5.5.5';
const A = '10.9.9.9';
const V1 = '10.0.0.1';
const V2 = '10.0.0.2';
const SF: ['>' | '<', number, number?][] = [
  ['>', F.SYN], ['<', F.SYN | F.ACK], ['>', F.ACK], ['>', F.PSH | F.ACK, 100], ['<', F.PSH | F.ACK, 500],
  ['>', F.FIN | F.ACK], ['<', F.FIN | F.ACK], ['>', F.ACK],
];
const S0: ['>' | '<', number][] = [['>', F.SYN]];
const REJ: ['>' | '<', number][] = [['>', F.SYN], ['<', F.RST | F.ACK]];

const connections: [number, Packet[]][] = [
  [0.0, conversation(0.0e6, C, 1001, V1, 80, SF)],
  [0.5, conversation(0.5e6, C, 1002, V1, 80, S0)],
  [1.0, conversation(1.0e6, A, 2001, V1, 23, REJ)],
  [1.5, conversation(1.5e6, C, 1003, V2, 80, SF)],
  [2.2, conversation(2.2e6, A, 2002, V1, 80, REJ)],
  [3.0, conversation(3.0e6, A, 2003, V1, 80, S0)],
];

function rows(): Record<string, number>[] {
  const collector = new FeatureCollector([new Kdd41Extractor({ hostWindow: 3 })]);
  const t = 0.3;
  const table = new FlowTable(collector.accept, collector.extractors, {
    tcpIdleSeconds: t, tcpAttemptSeconds: t, tcpClosedSeconds: t, otherIdleSeconds: t,
  });
  for (const [start, packets] of connections) {
    for (const p of packets) table.add(p);
    table.expire((start + 0.4) * 1e6);
  }
  const { flows, batches } = collector.drain();
  expect(flows.map((f) => f.flag)).toEqual(['SF', 'S0', 'REJ', 'SF', 'REJ', 'S0']);
  const b = batches[0]!;
  return flows.map((_, r) => Object.fromEntries(KDD41_COLUMNS.map((c, j) => [c, b.data[r * 41 + j]!])));
}

function pick(row: Record<string, number>, cols: string[]): number[] {
  return cols.map((c) => Math.round(row[c]! * 100) / 100);
}

const TIME = ['count', 'srv_count', 'serror_rate', 'srv_serror_rate', 'rerror_rate', 'srv_rerror_rate', 'same_srv_rate', 'diff_srv_rate', 'srv_diff_host_rate'];
const HOST = [
  'dst_host_count', 'dst_host_srv_count', 'dst_host_same_srv_rate', 'dst_host_diff_srv_rate', 'dst_host_same_src_port_rate',
  'dst_host_srv_diff_host_rate', 'dst_host_serror_rate', 'dst_host_srv_serror_rate', 'dst_host_rerror_rate', 'dst_host_srv_rerror_rate',
];

describe('kdd41 window features on a hand-worked sequence', () => {
  const r = rows();

  it('2-second time window', () => {
    // count srv_count serror srv_serror rerror srv_rerror same_srv diff_srv srv_diff_host
    expect(pick(r[0]!, TIME)).toEqual([1, 1, 0, 0, 0, 0, 1, 0, 0]);
    expect(pick(r[1]!, TIME)).toEqual([2, 2, 0.5, 0.5, 0, 0, 1, 0, 0]);
    // V1 holds c1 SF, c2 S0, c3 REJ; telnet only c3
    expect(pick(r[2]!, TIME)).toEqual([3, 1, 0.33, 0, 0.33, 1, 0.33, 0.67, 0]);
    // V2 only c4; http c1, c2, c4 (c2 an S0), two of three to another host
    expect(pick(r[3]!, TIME)).toEqual([1, 3, 0, 0.33, 0, 0, 1, 0, 0.67]);
    // c1 has left: V1 = c2 S0, c3 REJ, c5 REJ; http = c2, c4, c5
    expect(pick(r[4]!, TIME)).toEqual([3, 3, 0.33, 0.33, 0.67, 0.33, 0.67, 0.33, 0.33]);
    // c2 has left: V1 = c3 REJ, c5 REJ, c6 S0; http = c4, c5, c6
    expect(pick(r[5]!, TIME)).toEqual([3, 3, 0.33, 0.33, 0.67, 0.33, 0.67, 0.33, 0.33]);
  });

  it('host window (3 connections here; 256 by default)', () => {
    expect(pick(r[0]!, HOST)).toEqual([1, 1, 1, 0, 1, 0, 0, 0, 0, 0]);
    expect(pick(r[1]!, HOST)).toEqual([2, 2, 1, 0, 0.5, 0, 0.5, 0.5, 0, 0]);
    expect(pick(r[2]!, HOST)).toEqual([3, 1, 0.33, 0.67, 0.33, 0, 0.33, 0, 0.33, 1]);
    // {c2, c3, c4}: V2 = c4; http = c2, c4
    expect(pick(r[3]!, HOST)).toEqual([1, 2, 1, 0, 1, 0.5, 0, 0.5, 0, 0]);
    // {c3, c4, c5}: V1 = c3, c5 (both REJ); http = c4, c5
    expect(pick(r[4]!, HOST)).toEqual([2, 2, 0.5, 0.5, 0.5, 0.5, 0, 0, 1, 0.5]);
    // {c4, c5, c6}: V1 = c5 REJ, c6 S0; http = c4, c5, c6
    expect(pick(r[5]!, HOST)).toEqual([2, 3, 1, 0, 0.5, 0.33, 0.5, 0.33, 0.5, 0.33]);
  });

  it('basic and content features', () => {
    expect(pick(r[0]!, ['src_bytes', 'dst_bytes', 'logged_in', 'land', 'duration'])).toEqual([100, 500, 1, 0, 0]);
    expect(pick(r[2]!, ['src_bytes', 'dst_bytes', 'logged_in'])).toEqual([0, 0, 0]);
  });
});
