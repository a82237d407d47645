/**
 * argus client CSV -> Flow. Expects what `ra -u -n -c , -s <fields>` prints: a header line naming
 * the columns, epoch timestamps (-u) and numeric addresses/ports (-n). Column order is free; the
 * fields used are listed in ARGUS_FIELDS (ra -s names), of which StartTime, Proto, SrcAddr and
 * DstAddr are required. Management records (Proto "man") are skipped.
 *
 * argus counts bytes on the wire (SrcBytes/DstBytes); payload bytes need argus -A and the
 * SAppBytes/DAppBytes columns, and are 0 without them.
 */
import type { Flow, KddFlag } from '../../records/flow.js';
import type { TransportProto } from '../../records/packet.js';
import { kddService } from '../../flows/services.js';
import type { LineProblem, ParsedFile } from '../text/read-lines.js';

/** The `ra -s` fields this reader understands; pass them to ra in any order. */
export const ARGUS_FIELDS = [
  'stime',
  'ltime',
  'proto',
  'saddr',
  'sport',
  'dir',
  'daddr',
  'dport',
  'spkts',
  'dpkts',
  'sbytes',
  'dbytes',
  'sappbytes',
  'dappbytes',
  'state',
];

const REQUIRED = ['StartTime', 'Proto', 'SrcAddr', 'DstAddr'];

export class ArgusCsvParser {
  private columns = new Map<string, number>();
  private separator = ',';
  private seq = 0;
  readonly problems: LineProblem[] = [];

  /** Feed one line; returns a Flow for a flow record, undefined for header/management/bad lines. */
  line(text: string, lineNo: number): Flow | undefined {
    if (text.trim() === '') return undefined;
    if (text.startsWith('StartTime') || (this.columns.size === 0 && /^[A-Za-z]/.test(text))) {
      this.readHeader(text, lineNo);
      return undefined;
    }
    if (this.columns.size === 0) {
      this.problems.push({
        lineNo,
        code: 'argus.no-header',
        detail: 'run ra with a header (default) and -c ,',
      });
      return undefined;
    }
    const cells = text.split(this.separator).map((c) => c.trim());
    const get = (name: string): string | undefined => {
      const i = this.columns.get(name);
      return i === undefined ? undefined : cells[i];
    };
    const protoName = get('Proto') ?? '';
    if (protoName === 'man') return undefined;
    const start = epochMicros(get('StartTime'));
    if (start === undefined) {
      this.problems.push({
        lineNo,
        code: 'argus.bad-time',
        detail: `StartTime "${get('StartTime')}" (ra needs -u)`,
      });
      return undefined;
    }
    const end = epochMicros(get('LastTime')) ?? start;
    const proto = transport(protoName);
    const origPort = port(get('Sport'));
    const respPort = port(get('Dport'));
    const origIp = get('SrcAddr') ?? '';
    const respIp = get('DstAddr') ?? '';
    const origPackets = count(get('SrcPkts'));
    const respPackets = count(get('DstPkts'));
    // For ICMP argus puts the type in Sport and the code in Dport.
    const service =
      proto === 'icmp' || proto === 'icmp6'
        ? kddService(proto, 0, 0, origPort, respPort)
        : kddService(proto, origPort, respPort);
    const state = get('State') ?? '';
    return {
      id: `argus-${start}-${this.seq++}`,
      proto,
      origIp,
      origPort,
      respIp,
      respPort,
      startMicros: start,
      endMicros: Math.max(start, end),
      origPackets,
      respPackets,
      origBytes: count(get('SAppBytes')),
      respBytes: count(get('DAppBytes')),
      origWireBytes: count(get('SrcBytes')),
      respWireBytes: count(get('DstBytes')),
      flag: kddFlagFromArgus(proto, state, origPackets, respPackets),
      service,
      endReason: state === 'FIN' ? 'fin' : state === 'RST' ? 'rst' : 'idle',
      fragments: 0,
      wrongFragments: 0,
      urgent: 0,
      land: origIp === respIp && origPort === respPort,
      source: 'argus',
    };
  }

  private readHeader(text: string, lineNo: number): void {
    this.separator = /^StartTime(.)/.exec(text)?.[1] ?? ',';
    const names = text.split(this.separator).map((c) => c.trim());
    this.columns = new Map(names.map((n, i) => [n, i]));
    const missing = REQUIRED.filter((r) => !this.columns.has(r));
    if (missing.length > 0) {
      this.problems.push({ lineNo, code: 'argus.missing-columns', detail: missing.join(',') });
      this.columns.clear();
    }
  }
}

export function parseArgusCsv(lines: Iterable<string>): ParsedFile<Flow> {
  const parser = new ArgusCsvParser();
  const records: Flow[] = [];
  let lineNo = 0;
  for (const text of lines) {
    const flow = parser.line(text, ++lineNo);
    if (flow !== undefined) records.push(flow);
  }
  return { records, problems: parser.problems };
}

/** "1270661369.782934" -> microseconds, exactly (no float rounding of the fraction). */
function epochMicros(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) return undefined;
  const [sec = '0', frac = ''] = text.split('.');
  return Number(sec) * 1_000_000 + Number(frac.padEnd(6, '0').slice(0, 6));
}

function port(text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  const n = text.startsWith('0x') ? parseInt(text, 16) : Number(text);
  return Number.isFinite(n) ? n : 0;
}

function count(text: string | undefined): number {
  const n = Number(text);
  return text === undefined || text === '' || !Number.isFinite(n) ? 0 : n;
}

function transport(name: string): TransportProto {
  switch (name) {
    case 'tcp':
      return 'tcp';
    case 'udp':
      return 'udp';
    case 'icmp':
      return 'icmp';
    case 'ipv6-icmp':
    case 'icmp6':
      return 'icmp6';
    default:
      return 'other';
  }
}

/**
 * argus states are coarser than KDD's flags (they do not say who reset or closed), so this is an
 * approximation: FIN -> SF; CON (established, still open) -> S1; REQ/INT with no reply -> S0;
 * RST -> REJ when the only reply was the reset, else RSTO. Non-TCP: SF with a reply, else S0.
 */
export function kddFlagFromArgus(
  proto: TransportProto,
  state: string,
  origPackets: number,
  respPackets: number,
): KddFlag {
  if (proto !== 'tcp') return respPackets > 0 ? 'SF' : 'S0';
  switch (state) {
    case 'FIN':
    case 'CLO':
      return 'SF';
    case 'CON':
    case 'ACC':
      return respPackets > 0 ? 'S1' : 'S0';
    case 'RST':
      return respPackets <= 1 && origPackets <= 1 ? 'REJ' : 'RSTO';
    case 'REQ':
    case 'INT':
      return 'S0';
    default:
      return 'OTH';
  }
}
