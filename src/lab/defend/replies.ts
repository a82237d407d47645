/**
 * The attacker's view of each attack step, from a capture taken in the ATTACKER's namespace: the
 * victim-side capture sees the attacker's packets before the victim's firewall drops them, so only
 * the other side can tell when the victim stopped answering.
 *
 * "Answering" is judged per TCP connection by acknowledgement numbers, not by any packet from the
 * victim: once the attacker is dropped, the victim still retransmits its own unacknowledged data and
 * closes timed-out connections, but none of those packets acknowledges anything the attacker sent
 * after the block. An attacker packet that asks for an answer (SYN, FIN or payload) is answered when
 * a victim packet's ack first covers it. Other protocols fall back to "any packet back".
 */
import { readCapture } from '../../acquisition/pcap/index.js';
import { decodeFrame } from '../../decode/index.js';
import { TcpFlag } from '../../records/index.js';
import type { StepLabel } from '../labels.js';

export interface StepTargetPackets {
  stepId: string;
  target: string;
  /** The attacker's first packet to the target in the step's window (with slack). */
  firstAttackerMicros?: number;
  attackerPackets: number;
  /** Packets from the target to the attacker in the window (answers or not). */
  victimPackets: number;
  /** Attacker packets the victim answered, and the time of the victim's last answer. */
  answered: number;
  lastAnswerMicros?: number;
  /** Asking packets never answered, and how many of them came after the victim's last answer. */
  unanswered: number;
  unansweredAfterLastAnswer: number;
}

export interface TrackedPacket {
  tsMicros: number;
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  proto: string;
  tcpFlags: number;
  tcpSeq?: number;
  tcpAck?: number;
  payloadLength: number;
}

interface Asking {
  ts: number;
  /** The ack value that covers this packet. */
  until: number;
}

interface Conn {
  pending: Asking[];
  maxAck?: number;
}

/** a >= b in 32-bit sequence space. */
function seqGte(a: number, b: number): boolean {
  return ((a - b) >>> 0) < 0x80000000;
}

function portMatches(s: StepLabel, port: number): boolean {
  return !s.targetPorts || s.targetPorts.length === 0 || s.targetPorts.includes(port);
}

interface Acc {
  out: StepTargetPackets;
  conns: Map<string, Conn>;
  /** Non-TCP asking times, answered by any later packet back. */
  other: number[];
  unansweredTimes: number[];
}

/** Accumulates per (attack step, target) over decoded packets; pure. */
export class ReplyTracker {
  private readonly acc = new Map<string, Acc>();
  private readonly steps: StepLabel[];

  constructor(steps: readonly StepLabel[], private readonly slackMicros: number) {
    this.steps = steps.filter((s) => s.kind === 'attack');
    for (const s of this.steps) {
      for (const t of s.targets) {
        this.acc.set(`${s.id}|${t.ip}`, {
          out: { stepId: s.id, target: t.ip, attackerPackets: 0, victimPackets: 0, answered: 0, unanswered: 0, unansweredAfterLastAnswer: 0 },
          conns: new Map(),
          other: [],
          unansweredTimes: [],
        });
      }
    }
  }

  add(p: TrackedPacket): void {
    for (const s of this.steps) {
      if (p.tsMicros < s.windowStartMicros - this.slackMicros || p.tsMicros > s.windowEndMicros + this.slackMicros) continue;
      const fromAttacker = p.srcIp === s.source.ip;
      if (!fromAttacker && p.dstIp !== s.source.ip) continue;
      const a = this.acc.get(`${s.id}|${fromAttacker ? p.dstIp : p.srcIp}`);
      if (!a || !portMatches(s, fromAttacker ? p.dstPort : p.srcPort)) continue;
      if (fromAttacker) this.fromAttacker(a, p);
      else this.fromVictim(a, p);
    }
  }

  private fromAttacker(a: Acc, p: TrackedPacket): void {
    a.out.attackerPackets++;
    a.out.firstAttackerMicros ??= p.tsMicros;
    if (p.proto !== 'tcp' || p.tcpSeq === undefined) {
      a.other.push(p.tsMicros);
      return;
    }
    const syn = (p.tcpFlags & TcpFlag.SYN) !== 0 ? 1 : 0;
    const fin = (p.tcpFlags & TcpFlag.FIN) !== 0 ? 1 : 0;
    const rst = (p.tcpFlags & TcpFlag.RST) !== 0;
    const span = p.payloadLength + syn + fin;
    if (rst || span === 0) return; // bare RSTs and pure ACKs ask for nothing
    const key = `${p.srcPort}|${p.dstPort}`;
    let c = a.conns.get(key);
    if (!c) a.conns.set(key, (c = { pending: [] }));
    c.pending.push({ ts: p.tsMicros, until: (p.tcpSeq + span) >>> 0 });
  }

  private fromVictim(a: Acc, p: TrackedPacket): void {
    a.out.victimPackets++;
    if (p.proto !== 'tcp') {
      if (a.other.length > 0) this.answer(a, a.other.length, p.tsMicros);
      a.other = [];
      return;
    }
    if ((p.tcpFlags & TcpFlag.ACK) === 0 || p.tcpAck === undefined) return;
    const c = a.conns.get(`${p.dstPort}|${p.srcPort}`);
    if (!c) return;
    // Only an ack that moves forward answers anything: retransmissions repeat an old one.
    if (c.maxAck !== undefined && (!seqGte(p.tcpAck, c.maxAck) || p.tcpAck === c.maxAck) && !(p.tcpFlags & (TcpFlag.SYN | TcpFlag.RST))) return;
    if (c.maxAck === undefined || seqGte(p.tcpAck, c.maxAck)) c.maxAck = p.tcpAck;
    const before = c.pending.length;
    c.pending = c.pending.filter((q) => !seqGte(p.tcpAck!, q.until));
    if (c.pending.length < before) this.answer(a, before - c.pending.length, p.tsMicros);
  }

  private answer(a: Acc, n: number, ts: number): void {
    a.out.answered += n;
    a.out.lastAnswerMicros = ts;
  }

  /** The per (step, target) results; call once, after the last packet. */
  results(): Map<string, StepTargetPackets> {
    const out = new Map<string, StepTargetPackets>();
    for (const [key, a] of this.acc) {
      const left = [...a.other, ...[...a.conns.values()].flatMap((c) => c.pending.map((q) => q.ts))];
      const last = a.out.lastAnswerMicros ?? -Infinity;
      out.set(key, { ...a.out, unanswered: left.length, unansweredAfterLastAnswer: left.filter((t) => t > last).length });
    }
    return out;
  }
}

export async function trackReplies(pcapFiles: readonly string[], steps: readonly StepLabel[], slackMicros: number): Promise<Map<string, StepTargetPackets>> {
  const tracker = new ReplyTracker(steps, slackMicros);
  for (const file of pcapFiles) {
    for await (const batch of readCapture(file)) {
      for (const frame of batch) {
        const p = decodeFrame(frame);
        if (!p.srcIp || !p.dstIp) continue;
        tracker.add({
          tsMicros: p.tsMicros, srcIp: p.srcIp, dstIp: p.dstIp, srcPort: p.srcPort, dstPort: p.dstPort, proto: p.proto,
          tcpFlags: p.tcpFlags, ...(p.tcpSeq !== undefined ? { tcpSeq: p.tcpSeq } : {}), ...(p.tcpAck !== undefined ? { tcpAck: p.tcpAck } : {}),
          payloadLength: p.payloadLength,
        });
      }
    }
  }
  return tracker.results();
}
