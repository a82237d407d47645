/**
 * Adapter: replay capture files (and their auth logs) through a pipeline in capture-time order,
 * one agent per capture, as if the agents were watching live.
 */
import { interleave, type AgentTimeline } from '../interleave.js';
import type { EmbeddedPipeline } from '../pipeline.js';
import { readAuthLog, readCapturePackets } from './capture-files.js';

export interface ReplaySource {
  agent: string;
  pcap: string;
  authLog?: string;
}

export interface ReplaySummary {
  packets: number;
  logEvents: number;
  anomalies: Map<string, number>;
  unparsedLogLines: number;
}

/** Reads every source whole, then feeds the merged timeline; returns what was read. */
export async function replayCaptures(pipeline: EmbeddedPipeline, sources: readonly ReplaySource[]): Promise<ReplaySummary> {
  const summary: ReplaySummary = { packets: 0, logEvents: 0, anomalies: new Map(), unparsedLogLines: 0 };
  const timelines: AgentTimeline[] = [];
  for (const s of sources) {
    const { packets, anomalies } = await readCapturePackets(s.pcap);
    for (const [k, v] of anomalies) summary.anomalies.set(k, (summary.anomalies.get(k) ?? 0) + v);
    const log = s.authLog === undefined ? undefined : await readAuthLog(s.authLog);
    summary.packets += packets.length;
    summary.logEvents += log?.events.length ?? 0;
    summary.unparsedLogLines += log?.unparsed ?? 0;
    timelines.push({ agent: s.agent, packets, logEvents: log?.events ?? [] });
  }
  for (const item of interleave(timelines)) {
    if (item.kind === 'logs') await pipeline.pushLogEvents(item.agent, item.events);
    else await pipeline.pushPackets(item.agent, item.packets);
  }
  await pipeline.finish();
  return summary;
}
