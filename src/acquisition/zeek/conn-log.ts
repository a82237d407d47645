/**
 * Zeek conn.log -> Flow, in both of Zeek's formats: TSV with its `#separator`/`#fields` header,
 * and JSON lines (LogAscii::use_json), with `ts` as epoch seconds or ISO 8601.
 *
 * KDD's `flag` values are Bro's conn_state names, so most map one to one; Zeek later added
 * RSTRH and SHR (responder-only halves), mapped to their nearest KDD value RSTR and SH.
 */
import type { Flow, KddFlag } from '../../records/flow.js';
import type { TransportProto } from '../../records/packet.js';
import { kddService } from '../../flows/services.js';
import type { LineProblem, ParsedFile } from '../text/read-lines.js';

const KDD_FLAGS = new Set(['SF', 'S0', 'S1', 'S2', 'S3', 'REJ', 'RSTO', 'RSTR', 'RSTOS0', 'SH', 'OTH']);
const REQUIRED = ['ts', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto'];

export function kddFlagFromZeek(connState: string): KddFlag {
  if (KDD_FLAGS.has(connState)) return connState as KddFlag;
  if (connState === 'RSTRH') return 'RSTR';
  if (connState === 'SHR') return 'SH';
  return 'OTH';
}

type Value = string | number | boolean | null | undefined;

export class ZeekConnParser {
  private separator = '\t';
  private unset = '-';
  private fields: string[] = [];
  readonly problems: LineProblem[] = [];

  line(text: string, lineNo: number): Flow | undefined {
    if (text === '') return undefined;
    if (text.startsWith('#')) {
      this.directive(text);
      return undefined;
    }
    let record: Record<string, Value>;
    if (text.startsWith('{')) {
      try {
        record = JSON.parse(text) as Record<string, Value>;
      } catch (err) {
        this.problems.push({
          lineNo,
          code: 'zeek.bad-json',
          detail: err instanceof Error ? err.message : String(err),
        });
        return undefined;
      }
    } else {
      if (this.fields.length === 0) {
        this.problems.push({ lineNo, code: 'zeek.no-fields-header' });
        return undefined;
      }
      const cells = text.split(this.separator);
      if (cells.length !== this.fields.length) {
        this.problems.push({
          lineNo,
          code: 'zeek.field-count',
          detail: `${cells.length} fields, header names ${this.fields.length}`,
        });
        return undefined;
      }
      record = {};
      this.fields.forEach((name, i) => {
        const cell = cells[i];
        record[name] = cell === this.unset ? undefined : cell;
      });
    }
    return this.toFlow(record, lineNo);
  }

  private directive(text: string): void {
    if (text.startsWith('#separator ')) {
      const raw = text.slice('#separator '.length);
      this.separator = raw.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      );
      return;
    }
    const [name, ...values] = text.slice(1).split(this.separator);
    if (name === 'fields') this.fields = values;
    else if (name === 'unset_field' && values[0] !== undefined) this.unset = values[0];
  }

  private toFlow(r: Record<string, Value>, lineNo: number): Flow | undefined {
    const missing = REQUIRED.filter((k) => r[k] === undefined || r[k] === null);
    if (missing.length > 0) {
      this.problems.push({ lineNo, code: 'zeek.missing-field', detail: missing.join(',') });
      return undefined;
    }
    const start = timeMicros(r.ts);
    if (start === undefined) {
      this.problems.push({ lineNo, code: 'zeek.bad-time', detail: String(r.ts) });
      return undefined;
    }
    const proto = transport(String(r.proto));
    const origPort = num(r['id.orig_p']);
    const respPort = num(r['id.resp_p']);
    const origIp = String(r['id.orig_h']);
    const respIp = String(r['id.resp_h']);
    const connState = r.conn_state === undefined || r.conn_state === null ? 'OTH' : String(r.conn_state);
    const flag = kddFlagFromZeek(connState);
    // Zeek puts the ICMP type in id.orig_p and the code in id.resp_p.
    const icmp = proto === 'icmp' || proto === 'icmp6';
    return {
      id: `zeek-${String(r.uid ?? `${start}-${lineNo}`)}`,
      proto,
      origIp,
      origPort,
      respIp,
      respPort,
      startMicros: start,
      endMicros: start + Math.round(num(r.duration) * 1e6),
      origPackets: num(r.orig_pkts),
      respPackets: num(r.resp_pkts),
      origBytes: num(r.orig_bytes),
      respBytes: num(r.resp_bytes),
      origWireBytes: num(r.orig_ip_bytes),
      respWireBytes: num(r.resp_ip_bytes),
      flag,
      service: icmp ? kddService(proto, 0, 0, origPort, respPort) : kddService(proto, origPort, respPort),
      endReason: flag === 'SF' ? 'fin' : flag.startsWith('RST') || flag === 'REJ' ? 'rst' : 'idle',
      fragments: 0,
      wrongFragments: 0,
      urgent: 0,
      land: origIp === respIp && origPort === respPort,
      source: 'zeek',
    };
  }
}

export function parseZeekConn(lines: Iterable<string>): ParsedFile<Flow> {
  const parser = new ZeekConnParser();
  const records: Flow[] = [];
  let lineNo = 0;
  for (const text of lines) {
    const flow = parser.line(text, ++lineNo);
    if (flow !== undefined) records.push(flow);
  }
  return { records, problems: parser.problems };
}

/** Epoch seconds (number or "1521911721.255387", kept exact to the microsecond) or ISO 8601. */
function timeMicros(v: Value): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.round(v * 1e6) : undefined;
  if (typeof v !== 'string') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) {
    const [sec = '0', frac = ''] = v.split('.');
    return Number(sec) * 1_000_000 + Number(frac.padEnd(6, '0').slice(0, 6));
  }
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) return undefined;
  const frac = /\.(\d+)/.exec(v)?.[1] ?? '';
  return ms * 1000 + Number(frac.padEnd(6, '0').slice(3, 6));
}

function num(v: Value): number {
  const n = typeof v === 'number' ? v : Number(v);
  return v === undefined || v === null || v === '' || !Number.isFinite(n) ? 0 : n;
}

function transport(name: string): TransportProto {
  if (name === 'tcp' || name === 'udp' || name === 'icmp') return name;
  if (name === 'icmp6' || name === 'ipv6-icmp') return 'icmp6';
  return 'other';
}
