/** NetFlow v5: fixed 24-byte header and 48-byte records (Cisco's published layout). */
import { ipv4String } from '../../decode/addresses.js';
import type { ExportedFlow } from './flow-record.js';

const HEADER = 24;
const RECORD = 48;

/** Where a datagram sits in its exporter's sequence, so a collector can count what it lost. */
export interface SequencePoint {
  /** Exporter address plus engine / source id / observation domain. */
  scope: string;
  value: number;
  /** v5 and IPFIX number records, v9 numbers datagrams. */
  unit: 'records' | 'datagrams';
  /** Data records this datagram carried: all of them, and flow records only (options data excluded). */
  records: number;
  flowRecords: number;
  /** The numbering follows its specification exactly (v5, v9); IPFIX exporters vary. */
  specExact?: boolean;
}

export interface DecodeResult {
  flows: ExportedFlow[];
  /** Problems in this datagram, by code (e.g. 'v5.truncated'). */
  problems: string[];
  sequence?: SequencePoint;
}

export function decodeV5(d: Uint8Array, exporter: string): DecodeResult {
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  if (d.length < HEADER) return { flows: [], problems: ['v5.truncated-header'] };
  const count = v.getUint16(2);
  const sysUptime = v.getUint32(4);
  const exportMicros = v.getUint32(8) * 1e6 + Math.floor(v.getUint32(12) / 1000);
  const problems: string[] = [];
  let n = count;
  if (HEADER + count * RECORD > d.length) {
    problems.push('v5.truncated-records');
    n = Math.floor((d.length - HEADER) / RECORD);
  }
  // First/Last are sysUptime milliseconds; anchor them to the export time (uint32 arithmetic).
  const at = (uptimeMs: number): number => exportMicros - ((sysUptime - uptimeMs) >>> 0) * 1000;
  const flows: ExportedFlow[] = [];
  for (let i = 0; i < n; i++) {
    const p = HEADER + i * RECORD;
    const ipProto = d[p + 38] as number;
    const dstPort = v.getUint16(p + 34);
    const flow: ExportedFlow = {
      srcIp: ipv4String(d, p),
      dstIp: ipv4String(d, p + 4),
      srcPort: v.getUint16(p + 32),
      dstPort,
      ipProto,
      tcpFlags: d[p + 37] as number,
      packets: v.getUint32(p + 16),
      bytes: v.getUint32(p + 20),
      startMicros: at(v.getUint32(p + 24)),
      endMicros: at(v.getUint32(p + 28)),
    };
    // v5 exporters put ICMP type*256+code in the destination port.
    if (ipProto === 1) {
      flow.icmpType = dstPort >> 8;
      flow.icmpCode = dstPort & 0xff;
    }
    flows.push(flow);
  }
  const scope = `${exporter}|${v.getUint16(20)}`;
  return {
    flows,
    problems,
    sequence: { scope, value: v.getUint32(16), unit: 'records', records: n, flowRecords: n, specExact: true },
  };
}
