/**
 * Adapters that feed one agent of a pipeline from a frame source (a capture file or a live
 * interface) and its auth log, for `vigil run`.
 *
 * - feedCaptureFile: streams the capture batch by batch; the auth log (a file, read whole) is merged
 *   in by time, so each flow sees the log lines written before it ended.
 * - feedLive: frames and tailed log lines arrive when they arrive; both go through one queue so the
 *   stages never run twice at once, and a timer lets idle flows go when the wire is quiet.
 */
import type { FrameSource } from '../../acquisition/frame.js';
import type { LogEvent } from '../../records/index.js';
import { decodeFrames } from '../decode-stage.js';
import { interleave } from '../interleave.js';
import type { EmbeddedPipeline } from '../pipeline.js';

export interface FeedSummary {
  frames: number;
  logEvents: number;
  anomalies: Map<string, number>;
  /** Why the log tailer stopped, when it failed. */
  logError?: string;
}

export async function feedCaptureFile(
  pipeline: EmbeddedPipeline,
  agent: string,
  frames: FrameSource,
  logEvents: readonly LogEvent[],
): Promise<FeedSummary> {
  const summary: FeedSummary = { frames: 0, logEvents: 0, anomalies: new Map() };
  const events = [...logEvents].sort((a, b) => a.tsMicros - b.tsMicros);
  let next = 0;
  for await (const batch of frames) {
    const packets = decodeFrames(batch, summary.anomalies);
    summary.frames += batch.length;
    const until = packets.length > 0 ? packets[packets.length - 1]!.tsMicros : -Infinity;
    const due: LogEvent[] = [];
    while (next < events.length && events[next]!.tsMicros <= until) due.push(events[next++]!);
    summary.logEvents += due.length;
    for (const item of interleave([{ agent, packets, logEvents: due }])) {
      if (item.kind === 'logs') await pipeline.pushLogEvents(agent, item.events);
      else await pipeline.pushPackets(agent, item.packets);
    }
  }
  const rest = events.slice(next);
  summary.logEvents += rest.length;
  if (rest.length > 0) await pipeline.pushLogEvents(agent, rest);
  await pipeline.finish();
  return summary;
}

export interface LiveFeedOptions {
  /** How often idle flows are let go. @default 250 */
  tickMs?: number;
}

export async function feedLive(
  pipeline: EmbeddedPipeline,
  agent: string,
  frames: FrameSource,
  logs: AsyncIterable<LogEvent[]> | undefined,
  opts: LiveFeedOptions = {},
): Promise<FeedSummary> {
  const summary: FeedSummary = { frames: 0, logEvents: 0, anomalies: new Map() };
  // One queue: each step waits for the one before, whichever source it came from.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (step: () => Promise<void>): Promise<void> => (queue = queue.then(step));
  const timer = setInterval(() => void enqueue(() => pipeline.tick(agent, Date.now() * 1000)), opts.tickMs ?? 250);
  const logLoop = (async (): Promise<void> => {
    if (logs === undefined) return;
    for await (const events of logs) {
      summary.logEvents += events.length;
      await enqueue(() => pipeline.pushLogEvents(agent, events));
    }
  })();
  try {
    for await (const batch of frames) {
      const packets = decodeFrames(batch, summary.anomalies);
      summary.frames += batch.length;
      await enqueue(() => pipeline.pushPackets(agent, packets));
    }
  } finally {
    clearInterval(timer);
  }
  // The tailer follows its file until its own signal aborts; its failure is reported, not thrown away.
  logLoop.catch((err: unknown) => {
    summary.logError = err instanceof Error ? err.message : String(err);
  });
  await enqueue(() => pipeline.finish());
  return summary;
}
