/**
 * RFC 5424 syslog messages for decisions. Pure formatting; the transport is in syslog.ts.
 * Structured data carries the decision's fields under an SD-ID with the documentation PEN 32473.
 */
import type { Decision } from '../../records/index.js';
import { summary } from './notifier.js';

/** Facility 4: security/authorization messages. */
const FACILITY = 4;
const SEVERITY: Record<Decision['action'], number> = {
  escalate: 1, // alert
  quarantine: 3, // error
  block: 4, // warning
  'rate-limit': 4,
  notify: 5, // notice
};

function sdEscape(v: string): string {
  return v.replace(/[\\"\]]/g, (c) => `\\${c}`);
}

function nilOr(v: string, max: number): string {
  const printable = v.replace(/[^\x21-\x7e]/g, '');
  return printable === '' ? '-' : printable.slice(0, max);
}

/** Timestamp with microseconds, in UTC, from microseconds since the epoch. */
function timestamp(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString(); // 2026-11-26T10:00:00.123Z
  const frac = String(Math.floor(micros) % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 19)}.${frac}Z`;
}

export interface SyslogHeader {
  hostname: string;
  appName: string;
  procId: string;
}

export function formatRfc5424(d: Decision, header: SyslogHeader): string {
  const pri = FACILITY * 8 + SEVERITY[d.action];
  const params: [string, string][] = [
    ['id', d.id],
    ['action', d.action],
    ['target', d.target],
    ['ttl', String(d.ttlSeconds)],
    ['origin', d.origin],
    ['dryRun', String(d.dryRun)],
    ['alerts', d.alertIds.join(',')],
  ];
  if (d.rate !== undefined) params.push(['rate', String(d.rate)]);
  const sd = `[vigil@32473 ${params.map(([k, v]) => `${k}="${sdEscape(v)}"`).join(' ')}]`;
  const msg = `${summary(d)}: ${d.reason}`.replace(/[\r\n]+/g, ' ');
  return `<${pri}>1 ${timestamp(d.createdMicros)} ${nilOr(header.hostname, 255)} ${nilOr(header.appName, 48)} ${nilOr(header.procId, 128)} decision ${sd} ${msg}`;
}
