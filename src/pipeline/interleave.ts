/**
 * Replay order: several agents' packets and log events merged into one timeline, so the decision
 * stage sees alerts in capture-time order and each flow sees only the log lines written before it.
 * Consecutive packets of one agent travel together (up to `maxBatch`); a log event goes out before
 * any packet with a later or equal timestamp. Pure.
 */
import type { LogEvent, Packet } from '../records/index.js';

export interface AgentTimeline {
  agent: string;
  /** In capture order (non-decreasing time, as a capture file holds them). */
  packets: readonly Packet[];
  logEvents: readonly LogEvent[];
}

export type ReplayItem =
  | { kind: 'packets'; agent: string; packets: Packet[] }
  | { kind: 'logs'; agent: string; events: LogEvent[] };

export function interleave(timelines: readonly AgentTimeline[], maxBatch = 512): ReplayItem[] {
  const out: ReplayItem[] = [];
  const events = timelines.map((t) => [...t.logEvents].sort((a, b) => a.tsMicros - b.tsMicros));
  const pi = timelines.map(() => 0);
  const ei = timelines.map(() => 0);
  for (;;) {
    // The source (agent, packets or logs) with the earliest next item; logs win ties.
    let best = -1;
    let bestTs = Infinity;
    let bestIsLog = false;
    timelines.forEach((t, a) => {
      const e = events[a]![ei[a]!];
      if (e !== undefined && e.tsMicros < bestTs) {
        best = a;
        bestTs = e.tsMicros;
        bestIsLog = true;
      }
      const p = t.packets[pi[a]!];
      if (p !== undefined && p.tsMicros < bestTs) {
        best = a;
        bestTs = p.tsMicros;
        bestIsLog = false;
      }
    });
    if (best < 0) return out;
    const agent = timelines[best]!.agent;
    // Everything of this source up to the next item of any other source (or the batch limit).
    const limit = nextOtherTs(timelines, events, pi, ei, best, bestIsLog);
    if (bestIsLog) {
      const list = events[best]!;
      const batch: LogEvent[] = [];
      while (ei[best]! < list.length && list[ei[best]!]!.tsMicros <= limit && batch.length < maxBatch) batch.push(list[ei[best]!++]!);
      out.push({ kind: 'logs', agent, events: batch });
    } else {
      const list = timelines[best]!.packets;
      const batch: Packet[] = [];
      while (pi[best]! < list.length && list[pi[best]!]!.tsMicros < limit && batch.length < maxBatch) batch.push(list[pi[best]!++]!);
      if (batch.length === 0) batch.push(list[pi[best]!++]!); // equal times elsewhere: still make progress
      out.push({ kind: 'packets', agent, packets: batch });
    }
  }
}

function nextOtherTs(
  timelines: readonly AgentTimeline[],
  events: LogEvent[][],
  pi: number[],
  ei: number[],
  source: number,
  sourceIsLog: boolean,
): number {
  let limit = Infinity;
  timelines.forEach((t, a) => {
    const e = events[a]![ei[a]!];
    if (e !== undefined && !(a === source && sourceIsLog)) limit = Math.min(limit, e.tsMicros);
    const p = t.packets[pi[a]!];
    if (p !== undefined && !(a === source && !sourceIsLog)) limit = Math.min(limit, p.tsMicros);
  });
  return limit;
}
