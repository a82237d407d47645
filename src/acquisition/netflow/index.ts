/**
 * A NetFlow v5/v9 and IPFIX collector on UDP. Each exported record becomes a Flow (one direction;
 * IPFIX biflows carry both). Hand-written: the npm NetFlow packages are unmaintained or v5/v9 only,
 * and the decoding is small. Datagrams it cannot use are counted by reason in `stats.problems`.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { Flow } from '../../records/flow.js';
import { decodeExport } from './decode.js';
import { toFlow } from './flow-record.js';
import { TemplateCache } from './templates.js';
import { SequenceTracker } from './sequence-tracker.js';

export { decodeExport } from './decode.js';
export { TemplateCache } from './templates.js';
export { toFlow, type ExportedFlow } from './flow-record.js';

export interface CollectorOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 2055 */
  port?: number;
  /** Kernel receive buffer; loopback bursts overflow the default one. @default 8 MiB */
  receiveBufferBytes?: number;
}

export interface CollectorStats {
  datagrams: number;
  byVersion: Record<string, number>;
  records: number;
  /**
   * What the exporters' sequence numbers say never arrived (UDP drops when the kernel's receive
   * buffer overflows): records for v5 and IPFIX, datagrams for v9.
   */
  lostRecords: number;
  lostDatagrams: number;
  problems: Record<string, number>;
}

export class FlowCollector implements AsyncIterable<Flow[]> {
  readonly stats: CollectorStats = {
    datagrams: 0,
    byVersion: {},
    records: 0,
    lostRecords: 0,
    lostDatagrams: 0,
    problems: {},
  };
  private readonly sequences = new SequenceTracker();
  private readonly cache = new TemplateCache();
  private readonly ready: Flow[][] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  private seq = 0;

  private constructor(private readonly socket: Socket) {}

  static async start(opts: CollectorOptions = {}): Promise<FlowCollector> {
    const socket = createSocket({ type: 'udp4', recvBufferSize: opts.receiveBufferBytes ?? 8 << 20 });
    const collector = new FlowCollector(socket);
    socket.on('message', (msg, rinfo) => collector.receive(msg, `${rinfo.address}:${rinfo.port}`));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(opts.port ?? 2055, opts.host ?? '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return collector;
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** The kernel receive buffer actually granted (Linux caps the request at net.core.rmem_max). */
  get receiveBufferBytes(): number {
    return this.socket.getRecvBufferSize();
  }

  private receive(msg: Buffer, exporter: string): void {
    this.stats.datagrams++;
    const out = decodeExport(msg, exporter, this.cache);
    if (out.version !== undefined)
      this.stats.byVersion[out.version] = (this.stats.byVersion[out.version] ?? 0) + 1;
    for (const p of out.problems) this.stats.problems[p] = (this.stats.problems[p] ?? 0) + 1;
    if (out.sequence !== undefined) {
      this.sequences.observe(out.sequence);
      this.stats.lostRecords = this.sequences.counts.lostRecords;
      this.stats.lostDatagrams = this.sequences.counts.lostDatagrams;
      if (this.sequences.counts.resets > 0)
        this.stats.problems['sequence-reset'] = this.sequences.counts.resets;
    }
    if (out.flows.length === 0) return;
    this.stats.records += out.flows.length;
    const source = `netflow-${out.version ?? '?'}`;
    this.ready.push(out.flows.map((f) => toFlow(f, `${source}-${exporter}-${this.seq++}`, source)));
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Flow[]> {
    for (;;) {
      const batch = this.ready.shift();
      if (batch !== undefined) {
        yield batch;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
