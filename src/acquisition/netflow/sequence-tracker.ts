/**
 * Counting what an exporter sent but the collector never received, from sequence numbers.
 *
 * v5 numbers flow records before each datagram, v9 numbers datagrams. IPFIX (RFC 7011) numbers
 * the data records sent *before* each message, but exporters differ: softflowd 1.1.0 counts
 * records *including* the current message and leaves options records out. So for IPFIX the four
 * readings are narrowed message by message to those consistent with everything seen, and a gap
 * is counted as the smallest any remaining reading allows (never over-reporting). Tail loss (the
 * last datagrams of a burst) leaves no later sequence number behind and cannot be seen this way.
 */
import type { SequencePoint } from './v5.js';

interface Convention {
  /** true: the number counts records before this message; false: including it. */
  prior: boolean;
  /** true: options data records are counted too. */
  all: boolean;
}

const CONVENTIONS: Convention[] = [
  { prior: true, all: true },
  { prior: true, all: false },
  { prior: false, all: true },
  { prior: false, all: false },
];

interface ScopeState {
  last: SequencePoint;
  /** Readings still consistent with everything seen from this exporter. */
  candidates: Convention[];
}

export interface SequenceCounts {
  lostRecords: number;
  lostDatagrams: number;
  /** Messages behind the expected number (reordered, or the exporter restarted). */
  resets: number;
}

const count = (p: SequencePoint, c: Convention): number => (c.all ? p.records : p.flowRecords);

function expectedNext(prev: SequencePoint, cur: SequencePoint, c: Convention): number {
  if (cur.unit === 'datagrams') return (prev.value + 1) >>> 0;
  return (prev.value + (c.prior ? count(prev, c) : count(cur, c))) >>> 0;
}

export class SequenceTracker {
  readonly counts: SequenceCounts = { lostRecords: 0, lostDatagrams: 0, resets: 0 };
  private readonly scopes = new Map<string, ScopeState>();

  observe(cur: SequencePoint): void {
    const state = this.scopes.get(cur.scope);
    if (state === undefined) {
      // v5 and v9 say exactly what they number; IPFIX exporters are learnt.
      this.scopes.set(cur.scope, {
        last: cur,
        candidates: cur.specExact === true ? [CONVENTIONS[0] as Convention] : CONVENTIONS,
      });
      return;
    }
    const prev = state.last;
    state.last = cur;
    const fitting = state.candidates.filter((c) => expectedNext(prev, cur, c) === cur.value);
    if (fitting.length > 0) {
      state.candidates = fitting;
      return;
    }
    // A gap under every reading still possible: count the smallest, to never over-report.
    const gaps = state.candidates.map((c) => (cur.value - expectedNext(prev, cur, c)) >>> 0);
    const forward = gaps.filter((g) => g < 0x80000000);
    if (forward.length === 0) {
      this.counts.resets++;
      return;
    }
    const gap = Math.min(...forward);
    if (cur.unit === 'records') this.counts.lostRecords += gap;
    else this.counts.lostDatagrams += gap;
  }
}
