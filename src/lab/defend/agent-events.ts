/**
 * What a defending agent did, read back from `vigil run --alerts` output lines stamped on arrival
 * (the parent stamps each stdout line with the time it got it; the printed records carry no time).
 * Pure: lines in, events out. A line that is not an alert, decision or action is ignored.
 */
export type AgentEvent =
  | { kind: 'alert'; micros: number; category: string; ip: string; score: number }
  | { kind: 'decision'; micros: number; id: string; action: string; ip: string; ttlSeconds: number }
  | { kind: 'action'; micros: number; decisionId: string; status: string; backend: string }
  /** The firewall's drop counter for a decision, as the agent read it back (it survives element replaces). */
  | { kind: 'effect'; micros: number; decisionId: string; action: string; ip: string; packets: number };

const ALERT = /^alert (\S+) (\S+) -> \S+ score ([\d.]+)/;
const DECISION = /^decision (\S+): (\S+) (\S+) for (\d+) s/;
const ACTION = /^action (\S+): (\S+) by (\S+)/;
const EFFECT = /^effect (\S+): (\S+) (\S+) (\d+) packets dropped/;

/** One stamped line: `<micros>\t<line as printed>`. */
export function formatStampedLine(micros: number, line: string): string {
  return `${micros}\t${line}`;
}

export function parseAgentLine(micros: number, line: string): AgentEvent | undefined {
  let m = ALERT.exec(line);
  if (m) return { kind: 'alert', micros, category: m[1]!, ip: m[2]!, score: Number(m[3]) };
  m = DECISION.exec(line);
  if (m) return { kind: 'decision', micros, id: m[1]!, action: m[2]!, ip: m[3]!, ttlSeconds: Number(m[4]) };
  m = ACTION.exec(line);
  if (m) return { kind: 'action', micros, decisionId: m[1]!, status: m[2]!, backend: m[3]! };
  m = EFFECT.exec(line);
  if (m)
    return { kind: 'effect', micros, decisionId: m[1]!, action: m[2]!, ip: m[3]!, packets: Number(m[4]) };
  return undefined;
}

export function parseAgentLog(text: string): AgentEvent[] {
  const events: AgentEvent[] = [];
  for (const raw of text.split('\n')) {
    const tab = raw.indexOf('\t');
    if (tab < 0) continue;
    const micros = Number(raw.slice(0, tab));
    if (!Number.isFinite(micros)) continue;
    const e = parseAgentLine(micros, raw.slice(tab + 1));
    if (e) events.push(e);
  }
  return events;
}
