/**
 * Timestamped sshd log without syslog. sshd -D -e writes its log lines to stderr without times; a
 * small reader process stamps each line with the wall-clock time it arrives, in the high-precision
 * rsyslog file format (RFC 3339 with microseconds):
 *
 *   2026-11-26T10:12:01.123456+00:00 vic1 sshd: Failed password for vl-labuser from 10.77.0.66 port 43210 ssh2
 *
 * The reader runs as `node -e STAMPER_SCRIPT HOST` so it needs no file of its own in dist/ or src/.
 * It exits by itself at EOF, i.e. when sshd (the only holder of the pipe's write end) exits.
 */

/** Formats microseconds since the epoch as RFC 3339 UTC with six fractional digits. */
export function formatStampMicros(micros: number): string {
  const whole = Math.floor(micros / 1e6);
  const frac = Math.floor(micros - whole * 1e6);
  return `${new Date(whole * 1000).toISOString().slice(0, 19)}.${String(frac).padStart(6, '0')}+00:00`;
}

// Kept in plain JS (it runs under `node -e`); the formatting mirrors formatStampMicros and the
// stamper test checks that parseStampedLine reads what this writes.
export const STAMPER_SCRIPT = `
const { performance } = require('node:perf_hooks');
const host = process.argv[1] || 'lab';
const rl = require('node:readline').createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  const us = Math.round((performance.timeOrigin + performance.now()) * 1000);
  const whole = Math.floor(us / 1e6);
  const frac = String(us - whole * 1e6).padStart(6, '0');
  const stamp = new Date(whole * 1000).toISOString().slice(0, 19) + '.' + frac + '+00:00';
  process.stdout.write(stamp + ' ' + host + ' sshd: ' + line + '\\n');
});
`;

export interface StampedLine {
  tsMicros: number;
  host: string;
  program: string;
  message: string;
}

const STAMPED = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{6})\+00:00 (\S+) ([^:\s]+): (.*)$/;

/** Parses one stamped line; undefined when the line does not have the stamped shape. */
export function parseStampedLine(line: string): StampedLine | undefined {
  const m = STAMPED.exec(line);
  if (!m) return undefined;
  const [, secs, frac, host, program, message] = m as unknown as [string, string, string, string, string, string];
  const ms = Date.parse(`${secs}Z`);
  if (Number.isNaN(ms)) return undefined;
  return { tsMicros: ms * 1000 + Number(frac), host, program, message };
}
