/** One log line -> LogEvent: syslog framing first, then sshd semantics when the program is sshd. */
import type { LogEvent } from '../../records/log-event.js';
import { classifySshdMessage } from './sshd-message.js';
import { parseSyslogLine, type SyslogParseOptions } from './syslog-line.js';

/** Returns undefined for a line that is not syslog at all (the caller counts those). */
export function logEventFromLine(line: string, opts: SyslogParseOptions = {}): LogEvent | undefined {
  const rec = parseSyslogLine(line, opts);
  if (rec === undefined) return undefined;
  const isSshd = rec.program === 'sshd' || rec.program?.startsWith('sshd-') === true;
  const event: LogEvent = {
    source: isSshd ? 'auth' : 'syslog',
    tsMicros: rec.tsMicros,
    host: rec.host,
    outcome: 'other',
    raw: line,
  };
  if (rec.program !== undefined) event.program = rec.program;
  if (!isSshd) return event;
  const facts = classifySshdMessage(rec.message);
  event.outcome = facts.outcome;
  if (facts.user !== undefined) event.user = facts.user;
  if (facts.srcIp !== undefined) event.srcIp = facts.srcIp;
  if (facts.srcPort !== undefined) event.srcPort = facts.srcPort;
  return event;
}
