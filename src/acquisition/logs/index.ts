/**
 * Host logs as a source of LogEvents: follow a syslog/auth log file (tailer.ts) and parse each
 * complete line (log-event.ts). Lines that are not syslog are counted, not dropped silently.
 */
import type { LogEvent } from '../../records/log-event.js';
import { logEventFromLine } from './log-event.js';
import type { SyslogParseOptions } from './syslog-line.js';
import { tailLines, type TailOptions, type TailStats } from './tailer.js';

export { logEventFromLine } from './log-event.js';
export { parseSyslogLine, type SyslogRecord, type SyslogParseOptions } from './syslog-line.js';
export { classifySshdMessage, type SshdFacts } from './sshd-message.js';
export { tailLines, type TailOptions, type TailStats, type LineSource } from './tailer.js';
export { linkLogEventsToFlows } from './link-flows.js';

export interface LogEventStats extends TailStats {
  /** Lines that fit no syslog format; the first few are kept for the report. */
  unparsed: number;
  unparsedSamples: string[];
}

export interface LogEventSource extends AsyncIterable<LogEvent[]> {
  readonly stats: LogEventStats;
}

export function tailLogEvents(path: string, opts: TailOptions & SyslogParseOptions = {}): LogEventSource {
  const lines = tailLines(path, opts);
  const stats = lines.stats as LogEventStats;
  stats.unparsed = 0;
  stats.unparsedSamples = [];
  async function* events(): AsyncGenerator<LogEvent[]> {
    for await (const batch of lines) {
      const out: LogEvent[] = [];
      for (const line of batch) {
        const event = logEventFromLine(line, opts);
        if (event !== undefined) out.push(event);
        else {
          stats.unparsed++;
          if (stats.unparsedSamples.length < 10) stats.unparsedSamples.push(line.slice(0, 200));
        }
      }
      if (out.length > 0) yield out;
    }
  }
  return { stats, [Symbol.asyncIterator]: events };
}
