/**
 * Suricata EVE JSON lines -> records: `flow` events become Flow, `alert` events become Alert.
 * Other event types (http, dns, stats, ...) are counted and skipped.
 *
 * EVE counts packet bytes (headers included), so they fill the wire-byte fields; payload bytes are
 * not in EVE and stay 0. The KDD flag is inferred from the TCP flags each side sent
 * (tcp_flags_ts / tcp_flags_tc), which is an approximation: EVE does not keep their order.
 */
import type { Alert, AttackCategory } from '../../records/alert.js';
import type { Flow, KddFlag } from '../../records/flow.js';
import type { TransportProto } from '../../records/packet.js';
import { kddService } from '../../flows/services.js';
import type { LineProblem } from '../text/read-lines.js';

interface EveLine {
  timestamp?: string;
  flow_id?: number;
  event_type?: string;
  src_ip?: string;
  src_port?: number;
  dest_ip?: string;
  dest_port?: number;
  proto?: string;
  icmp_type?: number;
  icmp_code?: number;
  flow?: {
    pkts_toserver?: number;
    pkts_toclient?: number;
    bytes_toserver?: number;
    bytes_toclient?: number;
    start?: string;
    end?: string;
    reason?: string;
  };
  tcp?: { tcp_flags_ts?: string; tcp_flags_tc?: string };
  alert?: { signature_id?: number; rev?: number; signature?: string; category?: string; severity?: number };
}

export interface EveRecords {
  flows: Flow[];
  alerts: Alert[];
  /** Events of other types, by type. */
  skipped: Map<string, number>;
  problems: LineProblem[];
}

const SYN = 0x02;
const FIN = 0x01;
const RST = 0x04;
const ACK = 0x10;

export class EveParser {
  readonly out: EveRecords = { flows: [], alerts: [], skipped: new Map(), problems: [] };
  private alertSeq = 0;

  line(text: string, lineNo: number): void {
    if (text.trim() === '') return;
    let e: EveLine;
    try {
      e = JSON.parse(text) as EveLine;
    } catch (err) {
      this.out.problems.push({
        lineNo,
        code: 'eve.bad-json',
        detail: err instanceof Error ? err.message : String(err),
      });
      return;
    }
    const type = e.event_type ?? '(none)';
    if (type === 'flow') this.flow(e, lineNo);
    else if (type === 'alert') this.alert(e, lineNo);
    else this.out.skipped.set(type, (this.out.skipped.get(type) ?? 0) + 1);
  }

  private flow(e: EveLine, lineNo: number): void {
    const start = isoMicros(e.flow?.start ?? e.timestamp);
    if (start === undefined || e.src_ip === undefined || e.dest_ip === undefined || e.flow === undefined) {
      this.out.problems.push({ lineNo, code: 'eve.incomplete-flow' });
      return;
    }
    const proto = transport(e.proto);
    const origPort = e.src_port ?? 0;
    const respPort = e.dest_port ?? 0;
    const respPackets = e.flow.pkts_toclient ?? 0;
    const ts = parseInt(e.tcp?.tcp_flags_ts ?? '0', 16) || 0;
    const tc = parseInt(e.tcp?.tcp_flags_tc ?? '0', 16) || 0;
    const flag = proto === 'tcp' ? kddFlagFromTcpFlags(ts, tc, respPackets) : respPackets > 0 ? 'SF' : 'S0';
    const icmp = proto === 'icmp' || proto === 'icmp6';
    this.out.flows.push({
      id: `eve-${e.flow_id ?? `${start}-${lineNo}`}`,
      proto,
      origIp: e.src_ip,
      origPort,
      respIp: e.dest_ip,
      respPort,
      startMicros: start,
      endMicros: Math.max(start, isoMicros(e.flow.end) ?? start),
      origPackets: e.flow.pkts_toserver ?? 0,
      respPackets,
      origBytes: 0,
      respBytes: 0,
      origWireBytes: e.flow.bytes_toserver ?? 0,
      respWireBytes: e.flow.bytes_toclient ?? 0,
      flag,
      service: icmp
        ? kddService(proto, 0, 0, e.icmp_type ?? -1, e.icmp_code ?? -1)
        : kddService(proto, origPort, respPort),
      endReason:
        ((ts | tc) & RST) !== 0
          ? 'rst'
          : (ts & tc & FIN) !== 0
            ? 'fin'
            : e.flow.reason === 'shutdown'
              ? 'flush'
              : e.flow.reason === 'forced'
                ? 'evicted'
                : 'idle',
      fragments: 0,
      wrongFragments: 0,
      urgent: 0,
      land: e.src_ip === e.dest_ip && origPort === respPort,
      source: 'suricata',
    });
  }

  private alert(e: EveLine, lineNo: number): void {
    const ts = isoMicros(e.timestamp);
    if (ts === undefined || e.src_ip === undefined || e.alert === undefined) {
      this.out.problems.push({ lineNo, code: 'eve.incomplete-alert' });
      return;
    }
    const sid = e.alert.signature_id ?? 0;
    const severity = e.alert.severity ?? 3;
    const alert: Alert = {
      id: `eve-alert-${sid}-${ts}-${this.alertSeq++}`,
      tsMicros: ts,
      entity: { kind: 'ip', value: e.src_ip },
      // Suricata severity 1 (high) .. 4 (low) as a score.
      score: Math.max(0, Math.min(1, (5 - severity) / 4)),
      category: categoryOf(e.alert.category ?? ''),
      detector: 'suricata',
      modelVersions: [`suricata-sid-${sid}@${e.alert.rev ?? 0}`],
      evidence: {
        flowIds: e.flow_id === undefined ? [] : [`eve-${e.flow_id}`],
        note: e.alert.signature ?? '',
      },
    };
    if (e.dest_ip !== undefined)
      alert.target = e.dest_port === undefined ? e.dest_ip : `${e.dest_ip}:${e.dest_port}`;
    this.out.alerts.push(alert);
  }
}

/**
 * Infer the KDD flag from the union of flags each side sent: no reply -> S0 (or RSTOS0/OTH);
 * a reply of RST without SYN -> REJ; SYN and FIN from both -> SF; a reset -> RSTO/RSTR by who
 * sent it; an answered SYN without FIN -> S1.
 */
export function kddFlagFromTcpFlags(ts: number, tc: number, respPackets: number): KddFlag {
  const origSyn = (ts & SYN) !== 0;
  if (respPackets === 0 || tc === 0) return origSyn ? ((ts & RST) !== 0 ? 'RSTOS0' : 'S0') : 'OTH';
  if (origSyn && (tc & RST) !== 0 && (tc & SYN) === 0) return 'REJ';
  if ((ts & RST) !== 0) return 'RSTO';
  if ((tc & RST) !== 0) return 'RSTR';
  if ((ts & FIN) !== 0 && (tc & FIN) !== 0) return 'SF';
  if ((ts & FIN) !== 0) return 'S2';
  if ((tc & FIN) !== 0) return 'S3';
  if (origSyn && (tc & SYN) !== 0 && (tc & ACK) !== 0) return 'S1';
  return 'OTH';
}

const CATEGORIES: [RegExp, AttackCategory][] = [
  [/denial of service/i, 'dos'],
  [/network scan|scan/i, 'scan'],
  [/administrator privilege/i, 'u2r'],
  [/user privilege|login|password/i, 'r2l'],
];

function categoryOf(category: string): AttackCategory {
  for (const [re, name] of CATEGORIES) if (re.test(category)) return name;
  return category === '' ? 'anomaly' : category.toLowerCase();
}

/** EVE stamps look like "2016-07-13T16:42:07.573103-0600"; Date.parse wants "-06:00". */
export function isoMicros(stamp: string | undefined): number | undefined {
  if (stamp === undefined) return undefined;
  const normalised = stamp.replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const ms = Date.parse(normalised);
  if (Number.isNaN(ms)) return undefined;
  const frac = /\.(\d+)/.exec(stamp)?.[1] ?? '';
  return ms * 1000 + Number(frac.padEnd(6, '0').slice(3, 6));
}

function transport(name: string | undefined): TransportProto {
  switch (name?.toUpperCase()) {
    case 'TCP':
      return 'tcp';
    case 'UDP':
      return 'udp';
    case 'ICMP':
      return 'icmp';
    case 'IPV6-ICMP':
    case 'ICMPV6':
      return 'icmp6';
    default:
      return 'other';
  }
}
