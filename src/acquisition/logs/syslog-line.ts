/**
 * Syslog line parsing: RFC 3164 (BSD: "Mmm dd hh:mm:ss host prog[pid]: msg"), the ISO-timestamp
 * form rsyslog writes to files by default on Debian, and RFC 5424 ("<pri>1 ts host app procid msgid sd msg").
 * Pure functions; a line that fits none of them yields undefined (the caller counts it).
 */

export interface SyslogRecord {
  tsMicros: number;
  host: string;
  program?: string;
  pid?: number;
  /** Facility*8 + severity, when the line carried a <PRI> prefix. */
  priority?: number;
  message: string;
}

export interface SyslogParseOptions {
  /**
   * RFC 3164 stamps have no year and no zone: they are read as UTC in the year that puts them
   * closest before `referenceMicros` (a stamp more than 31 days ahead belongs to the previous year).
   * @default Date.now() in microseconds
   */
  referenceMicros?: number;
}

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};
const PRI = /^<(\d{1,3})>/;
const RFC3164 = /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d) (\S+) (.*)$/;
const ISO_PREFIX = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) (\S+) (.*)$/;
const TAG = /^([^\s:[\]]+)(?:\[(\d+)\])?: ?(.*)$/s;
const DAY_MICROS = 86_400_000_000;

export function parseSyslogLine(line: string, opts: SyslogParseOptions = {}): SyslogRecord | undefined {
  let rest = line.endsWith('\r') ? line.slice(0, -1) : line;
  let priority: number | undefined;
  const pri = PRI.exec(rest);
  if (pri !== null) {
    priority = Number(pri[1]);
    rest = rest.slice(pri[0].length);
    if (rest.startsWith('1 ')) return parseRfc5424(rest.slice(2), priority);
  }
  const iso = ISO_PREFIX.exec(rest);
  if (iso !== null) {
    const tsMicros = isoToMicros(iso[1] as string);
    if (tsMicros === undefined) return undefined;
    return withTag({ tsMicros, host: iso[2] as string, priority }, iso[3] as string);
  }
  const bsd = RFC3164.exec(rest);
  if (bsd === null) return undefined;
  const month = MONTHS[bsd[1] as string];
  if (month === undefined) return undefined;
  const reference = opts.referenceMicros ?? Date.now() * 1000;
  const year = new Date(reference / 1000).getUTCFullYear();
  const at = (y: number): number =>
    Date.UTC(y, month, Number(bsd[2]), Number(bsd[3]), Number(bsd[4]), Number(bsd[5])) * 1000;
  let tsMicros = at(year);
  if (tsMicros - reference > 31 * DAY_MICROS) tsMicros = at(year - 1);
  return withTag({ tsMicros, host: bsd[6] as string, priority }, bsd[7] as string);
}

function withTag(
  base: { tsMicros: number; host: string; priority: number | undefined },
  text: string,
): SyslogRecord {
  const record: SyslogRecord = { tsMicros: base.tsMicros, host: base.host, message: text };
  if (base.priority !== undefined) record.priority = base.priority;
  const tag = TAG.exec(text);
  if (tag !== null) {
    record.program = tag[1] as string;
    if (tag[2] !== undefined) record.pid = Number(tag[2]);
    record.message = tag[3] as string;
  }
  return record;
}

/** Microseconds since the epoch for an RFC 3339 stamp, keeping sub-millisecond digits Date drops. */
function isoToMicros(stamp: string): number | undefined {
  const ms = Date.parse(stamp);
  if (Number.isNaN(ms)) return undefined;
  const frac = /\.(\d+)/.exec(stamp)?.[1] ?? '';
  const subMilli = Number(frac.padEnd(6, '0').slice(3, 6));
  return ms * 1000 + subMilli;
}

/** RFC 5424 after "<pri>1 ": TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]. */
function parseRfc5424(rest: string, priority: number): SyslogRecord | undefined {
  const fields: string[] = [];
  let p = 0;
  for (let i = 0; i < 5; i++) {
    const sp = rest.indexOf(' ', p);
    if (sp < 0) return undefined;
    fields.push(rest.slice(p, sp));
    p = sp + 1;
  }
  const [stamp = '-', host = '-', app = '-', procId = '-'] = fields;
  const sdEnd = structuredDataEnd(rest, p);
  if (sdEnd < 0) return undefined;
  let message = rest.slice(sdEnd).replace(/^ /, '');
  if (message.startsWith('\ufeff')) message = message.slice(1);
  const tsMicros = stamp === '-' ? 0 : isoToMicros(stamp);
  if (tsMicros === undefined) return undefined;
  const record: SyslogRecord = { tsMicros, host: host === '-' ? '' : host, priority, message };
  if (app !== '-') record.program = app;
  if (/^\d+$/.test(procId)) record.pid = Number(procId);
  return record;
}

/** Index just past the STRUCTURED-DATA field starting at `p` ("-" or [..][..] with quoted, escaped values). */
function structuredDataEnd(s: string, p: number): number {
  if (s[p] === '-') return p + 1;
  let inQuotes = false;
  let depth = 0;
  for (let i = p; i < s.length; i++) {
    const c = s[i];
    if (inQuotes) {
      if (c === '\\') i++;
      else if (c === '"') inQuotes = false;
    } else if (c === '"') inQuotes = true;
    else if (c === '[') depth++;
    else if (c === ']') {
      depth--;
      if (depth === 0 && s[i + 1] !== '[') return i + 1;
    } else if (depth === 0) return -1;
  }
  return -1;
}
