/**
 * Template-based decoding shared by NetFlow v9 (RFC 3954) and IPFIX (RFC 7011): templates are
 * remembered per exporter, observation domain and template id, and data records are read field by
 * field into an ExportedFlow. Information elements used (IANA numbers, the same in v9 for < 128):
 * 1 bytes, 2 packets, 4 protocol, 6 TCP flags, 7/11 ports, 8/12 IPv4, 27/28 IPv6, 21/22 uptime
 * end/start, 32 and 139 ICMP type-code, 150-157 absolute start/end times, 160 system init time;
 * and the RFC 5103 reverse elements (enterprise 29305) 1, 2, 6 for biflows.
 */
import { ipv4String, ipv6String } from '../../decode/addresses.js';
import type { ExportedFlow } from './flow-record.js';

export interface TemplateField {
  id: number;
  /** 65535 = variable length (IPFIX). */
  length: number;
  enterprise: number;
}

export interface Template {
  fields: TemplateField[];
  isOptions: boolean;
  /** Smallest record size, for detecting padding at the end of a set. */
  minLength: number;
}

const REVERSE_PEN = 29305;
const VARIABLE = 65535;
const NTP_UNIX_OFFSET_SECONDS = 2208988800;

export class TemplateCache {
  private readonly templates = new Map<string, Template>();
  /** systemInitTimeMilliseconds per exporter+domain, from IPFIX options data. */
  private readonly systemInit = new Map<string, number>();

  set(scope: string, id: number, template: Template): void {
    this.templates.set(`${scope}|${id}`, template);
  }

  get(scope: string, id: number): Template | undefined {
    return this.templates.get(`${scope}|${id}`);
  }

  setSystemInit(scope: string, ms: number): void {
    this.systemInit.set(scope, ms);
  }

  getSystemInit(scope: string): number | undefined {
    return this.systemInit.get(scope);
  }

  get size(): number {
    return this.templates.size;
  }
}

/** Times a record's relative fields are measured against. */
export interface TimeBase {
  /** Export time, microseconds since the epoch. */
  exportMicros: number;
  /** Exporter uptime at export (v9 header), ms; undefined for IPFIX. */
  sysUptimeMs?: number;
  /** IPFIX: exporter's system init time, ms since the epoch, when known. */
  systemInitMs?: number;
}

function uint(v: DataView, at: number, len: number): number {
  let n = 0;
  for (let i = 0; i < len; i++) n = n * 256 + v.getUint8(at + i);
  return n;
}

function ntpMicros(v: DataView, at: number): number {
  const sec = v.getUint32(at) - NTP_UNIX_OFFSET_SECONDS;
  return sec * 1e6 + Math.floor((v.getUint32(at + 4) / 4294967296) * 1e6);
}

/**
 * Read one data record at `at`; returns the record and its length, or undefined (with no length)
 * when the record runs past `end`.
 */
export function readRecord(
  d: Uint8Array,
  v: DataView,
  at: number,
  end: number,
  t: Template,
  base: TimeBase,
): { flow: ExportedFlow; length: number; systemInitMs?: number } | undefined {
  const f: ExportedFlow = {
    srcIp: '',
    dstIp: '',
    srcPort: 0,
    dstPort: 0,
    ipProto: 0,
    tcpFlags: 0,
    packets: 0,
    bytes: 0,
    startMicros: -1,
    endMicros: -1,
  };
  let startUptime = -1;
  let endUptime = -1;
  let systemInitMs: number | undefined;
  let p = at;
  for (const field of t.fields) {
    let len = field.length;
    if (len === VARIABLE) {
      if (p + 1 > end) return undefined;
      len = v.getUint8(p++);
      if (len === 255) {
        if (p + 2 > end) return undefined;
        len = v.getUint16(p);
        p += 2;
      }
    }
    if (p + len > end) return undefined;
    if (field.enterprise === REVERSE_PEN) {
      if (field.id === 1) f.reverseBytes = uint(v, p, len);
      else if (field.id === 2) f.reversePackets = uint(v, p, len);
      else if (field.id === 6) f.reverseTcpFlags = uint(v, p, len) & 0xff;
    } else if (field.enterprise === 0) {
      switch (field.id) {
        case 1:
        case 85:
          f.bytes = uint(v, p, len);
          break;
        case 2:
        case 86:
          f.packets = uint(v, p, len);
          break;
        case 4:
          f.ipProto = uint(v, p, len);
          break;
        case 6:
          f.tcpFlags = uint(v, p, len) & 0xff;
          break;
        case 7:
          f.srcPort = uint(v, p, len);
          break;
        case 11:
          f.dstPort = uint(v, p, len);
          break;
        case 8:
          if (len === 4) f.srcIp = ipv4String(d, p);
          break;
        case 12:
          if (len === 4) f.dstIp = ipv4String(d, p);
          break;
        case 27:
          if (len === 16) f.srcIp = ipv6String(d, p);
          break;
        case 28:
          if (len === 16) f.dstIp = ipv6String(d, p);
          break;
        case 22:
          startUptime = uint(v, p, len);
          break;
        case 21:
          endUptime = uint(v, p, len);
          break;
        case 32:
        case 139: {
          const typeCode = uint(v, p, len);
          f.icmpType = typeCode >> 8;
          f.icmpCode = typeCode & 0xff;
          break;
        }
        case 150:
          f.startMicros = uint(v, p, len) * 1e6;
          break;
        case 151:
          f.endMicros = uint(v, p, len) * 1e6;
          break;
        case 152:
          f.startMicros = uint(v, p, len) * 1000;
          break;
        case 153:
          f.endMicros = uint(v, p, len) * 1000;
          break;
        case 154:
        case 156:
          if (len === 8) f.startMicros = ntpMicros(v, p);
          break;
        case 155:
        case 157:
          if (len === 8) f.endMicros = ntpMicros(v, p);
          break;
        case 160:
          systemInitMs = uint(v, p, len);
          break;
        default:
          break;
      }
    }
    p += len;
  }
  const fromUptime = (ms: number): number =>
    base.sysUptimeMs !== undefined
      ? base.exportMicros - ((base.sysUptimeMs - ms) >>> 0) * 1000
      : base.systemInitMs !== undefined
        ? (base.systemInitMs + ms) * 1000
        : base.exportMicros;
  if (f.startMicros < 0) f.startMicros = startUptime >= 0 ? fromUptime(startUptime) : base.exportMicros;
  if (f.endMicros < 0) f.endMicros = endUptime >= 0 ? fromUptime(endUptime) : f.startMicros;
  const out: { flow: ExportedFlow; length: number; systemInitMs?: number } = { flow: f, length: p - at };
  if (systemInitMs !== undefined) out.systemInitMs = systemInitMs;
  return out;
}

/** Minimum encoded size of a record (variable-length fields count one byte). */
export function minRecordLength(fields: TemplateField[]): number {
  return fields.reduce((n, f) => n + (f.length === VARIABLE ? 1 : f.length), 0);
}
