/**
 * Stage 2, Packet (+ LogEvent) -> Flow -> FeatureBatch: one agent's edge processing. The batch holds
 * kdd41's columns (EDGE_FEATURE_SCHEMA, edge-features.ts).
 *
 * Auth-log events go into an index the kdd41 extractor asks for num_failed_logins/logged_in, and are
 * linked to the flows they belong to (client IP and port, time). Events must be given no later than
 * the packets of the same moment (a replay merges them by time; a live agent feeds them as they
 * arrive), so a flow sees only the log lines written before it ended.
 *
 * Each emitted flow is stamped with the capture time at which the table let it go (`emittedMicros`),
 * the moment from which a live agent could act on it.
 */
import { linkLogEventsToFlows } from '../acquisition/logs/link-flows.js';
import { FeatureCollector } from '../features/collector.js';
import { AuthEventIndex, Kdd41Extractor } from '../features/kdd41/index.js';
import { FlowTable, type FlowTableOptions } from '../flows/index.js';
import { takeRows, type FeatureBatch, type Flow, type LogEvent, type Packet } from '../records/index.js';
import { toEdgeBatch } from './edge-features.js';

/**
 * Flow-table timeouts of the embedded agent, shorter than the table's Zeek-like defaults: a closed
 * or reset TCP flow is final, so it leaves after 20 ms (not 5 s) of quiet; a half-open one after
 * 1 s (not 30 s). Scans and floods then reach the detectors within about a second. On both shipped
 * lab captures these settings give exactly the flows the defaults give (same count and labels);
 * only the wait in the table changes. Training captures go through the same settings.
 */
export const AGENT_FLOW_TIMEOUTS: Partial<FlowTableOptions> = {
  tcpAttemptSeconds: 1,
  tcpClosedSeconds: 0.02,
  otherIdleSeconds: 10,
};

export interface EdgeOptions {
  /** Agent name, used in flow ids so ids stay unique across agents. */
  agent: string;
  table?: Partial<FlowTableOptions>;
  /** Only flows with this address at one end are kept (the victim's own traffic); others are counted. */
  ownIp?: string;
}

/** What the edge hands the detectors: flows, their feature rows (kdd41), and the log events linked to them. */
export interface EdgeBatch {
  agent: string;
  flows: Flow[];
  /** Capture time at which each flow left the flow table. */
  emittedMicros: number[];
  features: FeatureBatch;
  /** Auth events linked to one of `flows` (flowId set). */
  logEvents: LogEvent[];
}

export interface EdgeCounters {
  packets: number;
  logEvents: number;
  flows: number;
  /** Flows without the agent's own address (bridge flooding before it learnt the ports). */
  foreignFlows: number;
}

export class EdgeStage {
  readonly counters: EdgeCounters = { packets: 0, logEvents: 0, flows: 0, foreignFlows: 0 };
  private readonly auth = new AuthEventIndex();
  private readonly collector: FeatureCollector;
  private readonly table: FlowTable;
  private readonly recentEvents: LogEvent[] = [];
  private emitted: number[] = [];
  private nowMicros = 0;

  constructor(private readonly options: EdgeOptions) {
    this.collector = new FeatureCollector([new Kdd41Extractor({ auth: this.auth })]);
    const sink = this.collector.accept;
    this.table = new FlowTable(
      (flow, slot) => {
        this.emitted.push(this.nowMicros);
        sink(flow, slot);
      },
      this.collector.extractors,
      { ...AGENT_FLOW_TIMEOUTS, idPrefix: `${options.agent}-`, ...options.table },
    );
  }

  addLogEvents(events: readonly LogEvent[]): void {
    for (const e of events) {
      this.counters.logEvents++;
      this.auth.add(e);
      if (e.srcIp !== undefined) this.recentEvents.push(e);
    }
  }

  addPackets(packets: readonly Packet[]): EdgeBatch {
    for (const p of packets) {
      if (p.tsMicros > this.nowMicros) this.nowMicros = p.tsMicros;
      this.table.add(p);
    }
    this.counters.packets += packets.length;
    return this.drain();
  }

  /** Lets idle flows go when no packet has come for a while (live capture); `nowMicros` is wall time. */
  tick(nowMicros: number): EdgeBatch {
    if (nowMicros > this.nowMicros) this.nowMicros = nowMicros;
    this.table.expire(this.nowMicros);
    return this.drain();
  }

  /** Ends every flow still open (end of a capture, or shutdown). */
  flush(): EdgeBatch {
    this.table.flush();
    return this.drain();
  }

  /** Capture time the agent has reached. */
  get now(): number {
    return this.nowMicros;
  }

  private drain(): EdgeBatch {
    const rows = this.collector.drain();
    const emitted = this.emitted;
    this.emitted = [];
    const keep: number[] = [];
    const own = this.options.ownIp;
    rows.flows.forEach((f, i) => {
      if (own === undefined || f.origIp === own || f.respIp === own) keep.push(i);
    });
    this.counters.foreignFlows += rows.flows.length - keep.length;
    const flows = keep.map((i) => rows.flows[i]!);
    const joined = toEdgeBatch(rows.batches[0]!);
    const features = keep.length === rows.flows.length ? joined : takeRows(joined, keep);
    this.counters.flows += flows.length;
    return {
      agent: this.options.agent,
      flows,
      emittedMicros: keep.map((i) => emitted[i]!),
      features,
      logEvents: this.linkEvents(flows),
    };
  }

  private linkEvents(flows: Flow[]): LogEvent[] {
    if (flows.length === 0 || this.recentEvents.length === 0) return [];
    const linked = linkLogEventsToFlows(this.recentEvents, flows).filter((e) => e.flowId !== undefined);
    // Forget events far behind the capture clock: no flow still open can claim them.
    const horizon = this.nowMicros - 600e6;
    if (this.recentEvents.length > 0 && this.recentEvents[0]!.tsMicros < horizon) {
      const kept = this.recentEvents.filter((e) => e.tsMicros >= horizon);
      this.recentEvents.length = 0;
      this.recentEvents.push(...kept);
      this.auth.forgetBefore(horizon);
    }
    return linked;
  }
}

