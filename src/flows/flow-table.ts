/**
 * FlowTable: packets in, bidirectional flows out.
 *
 * Per packet, in this order: expire flows whose idle time has passed (by packet time), look the
 * 5-tuple up, create a flow (evicting the stalest one when the table is full), count the packet,
 * step the TCP state, tell the observers (feature extractors), end it if its active time is over.
 *
 * Memory is the point of the layout: one flow is a slot index into struct-of-arrays typed arrays
 * (52 bytes a flow here, 18 more in the hash index of flow-index.ts, plus two references to the
 * decoder's address strings) instead of an object with a dozen fields; 1M concurrent flows with
 * their features must fit in 300 MB of RSS (bench/sensor.ts measures it). To get there:
 * - the last activity is a u32 offset in microseconds from the flow's start (a flow never outlives
 *   the active timeout, at most 4294 s);
 * - byte counters are u32 and packet counters u32; the rare carry past 2^32 goes to a side map, as do
 *   the counters that are almost always 0 (fragments, wrong fragments, urgent packets), so the
 *   values stay exact;
 * - free slots are chained through `next` (a free slot is in no timeout list).
 *
 * Expiry needs no scan: each timeout class (TCP established, TCP attempt, TCP closed, other) keeps
 * its flows in an intrusive doubly linked list ordered by last activity, so the head of each list is
 * the next to expire and a packet moves its flow to the tail in O(1).
 */
import type { Flow } from '../records/flow.js';
import type { Packet, TransportProto } from '../records/packet.js';
import { TcpFlag } from '../records/packet.js';
import { kddService as importedKddService } from './services.js';
import * as tcp from './tcp-state.js';
import type { FlowObserver } from './observer.js';
import { FlowIndex, hashKey as importedHashKey, hashNumericKey as importedHashNumericKey } from './flow-index.js';

// Module-local aliases: under tsx every use of an imported binding is a getter call, which showed
// up in per-packet profiles.
const kddService = importedKddService;
const hashKey = importedHashKey;
const hashNumericKey = importedHashNumericKey;
const stepTcp = tcp.stepTcp;
const stepHistory = tcp.stepHistory;
const tcpFinished = tcp.tcpFinished;
const kddTcpFlag = tcp.kddTcpFlag;
/** The TCP_STEP key bits of a packet's flags (FIN, SYN, RST, ACK). */
function tcpStepFlags(flags: number): number {
  return (flags & 7) | ((flags & 0x10) >> 1);
}
const EndpointState = tcp.EndpointState;
const SYN = TcpFlag.SYN;
const ACK = TcpFlag.ACK;
const URG = TcpFlag.URG;

export interface FlowTableOptions {
  /** Hard cap on concurrent flows; beyond it the stalest flow is evicted and counted. @default 1_000_000 */
  maxFlows: number;
  /** Idle timeout of an established (or mid-stream) TCP flow. @default 300 (Zeek's tcp_inactivity_timeout) */
  tcpIdleSeconds: number;
  /** Idle timeout of a TCP flow whose handshake has not completed (scans, floods). @default 30 */
  tcpAttemptSeconds: number;
  /** How long a closed (FIN both ways) or reset TCP flow waits for stray packets. @default 5 (Zeek's tcp_close_delay) */
  tcpClosedSeconds: number;
  /** Idle timeout of UDP, ICMP and other IP flows. @default 60 */
  otherIdleSeconds: number;
  /**
   * A flow older than this is emitted ('active') and the next packet starts a new one. At most
   * 4294 s (activity is kept as u32 microseconds from the flow's start). @default 3600
   */
  activeTimeoutSeconds: number;
  /** Flow ids are this prefix and a counter (unique within one table). @default 'F' */
  idPrefix: string;
  /**
   * Slots allocated up front; the arrays double from there up to maxFlows. A sensor sized for its
   * peak can set it to maxFlows and skip the copies (and the garbage they leave). @default 4096
   */
  initialCapacity: number;
}

export function defaultFlowTableOptions(): FlowTableOptions {
  return {
    maxFlows: 1_000_000,
    tcpIdleSeconds: 300,
    tcpAttemptSeconds: 30,
    tcpClosedSeconds: 5,
    otherIdleSeconds: 60,
    activeTimeoutSeconds: 3600,
    idPrefix: 'F',
    initialCapacity: INITIAL_CAPACITY,
  };
}

export interface FlowTableStats {
  /** Packets given to add(). */
  packets: number;
  /** Packets with no IP layer (ARP, ...), not part of any flow. */
  nonIpPackets: number;
  flowsCreated: number;
  flowsEmitted: number;
  /** Flows pushed out early because the table was full. */
  evictions: number;
}

const CLASS_TCP_OPEN = 0;
const CLASS_TCP_ATTEMPT = 1;
const CLASS_TCP_CLOSED = 2;
const CLASS_OTHER = 3;
const CLASSES = 4;

const PROTOS: readonly TransportProto[] = ['tcp', 'udp', 'icmp', 'icmp6', 'other'];
/** Index of `proto` in PROTOS. Comparisons, not a keyed lookup: a per-packet property load by a varying name is slow. */
function protoIndex(proto: TransportProto): number {
  return proto === 'tcp' ? 0 : proto === 'udp' ? 1 : proto === 'icmp' ? 2 : proto === 'icmp6' ? 3 : 4;
}
const NIL = -1;
const INITIAL_CAPACITY = 4096;
/** Longest active timeout: last activity is a u32 count of microseconds since the flow's start. */
const MAX_ACTIVE_SECONDS = 4294;
const TWO_32 = 0x1_0000_0000;
/** `bits` flags per slot. */
const ORIG_IS_A = 1;
const HAS_RARE = 2;
/** '000' .. '999': flow ids are built from these and a per-thousand prefix (see nextId). */
const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** `icmp` of a flow whose first packet had no ICMP type. */
const NO_ICMP = 0xffff;

/**
 * Per-flow values that are 0 for almost every flow, kept off the per-slot arrays: fragment
 * counts, the high words of the u32 byte and packet counters, and the carries of the u8 urgent count.
 */
class RareCounters {
  fragments = 0;
  wrongFragments = 0;
  urgentHigh = 0;
  /** Carries past 2^32 of origPackets, respPackets, origBytes, respBytes, origWire, respWire. */
  readonly high = [0, 0, 0, 0, 0, 0];
}
const HIGH_ORIG_PACKETS = 0;
const HIGH_ORIG_BYTES = 2;
const HIGH_ORIG_WIRE = 4;

export type FlowSink = (flow: Flow, slot: number) => void;

export class FlowTable {
  readonly options: FlowTableOptions;
  readonly stats: FlowTableStats = { packets: 0, nonIpPackets: 0, flowsCreated: 0, flowsEmitted: 0, evictions: 0 };

  private readonly index = new FlowIndex();
  private readonly timeoutMicros: Float64Array;
  private readonly activeMicros: number;
  private readonly idPrefix: string;
  private capacity = 0;
  private seq = 0;
  /** idPrefix + seq / 1000 (floor), for ids from 1000 on; renewed every thousand flows. */
  private idThousands = '';
  /** First free slot; free slots are chained through `next`. */
  private freeHead = NIL;

  // Struct of arrays, one entry per slot (the key itself lives in `index`).
  private prev = new Int32Array(0);
  private next = new Int32Array(0);
  private cls = new Uint8Array(0);
  private proto = new Uint8Array(0);
  /** ORIG_IS_A (the originator is endpoint A of the key) and HAS_RARE (an entry in `rare`). */
  private bits = new Uint8Array(0);
  private tcpStates = new Uint8Array(0);
  private history = new Uint8Array(0);
  /** ICMP type << 8 | code of the first packet, or NO_ICMP. */
  private icmp = new Uint16Array(0);
  private start = new Float64Array(0);
  /** Last activity, microseconds after `start`. */
  private lastOffset = new Uint32Array(0);
  private origPackets = new Uint32Array(0);
  private respPackets = new Uint32Array(0);
  private origBytes = new Uint32Array(0);
  private respBytes = new Uint32Array(0);
  private origWire = new Uint32Array(0);
  private respWire = new Uint32Array(0);
  /** Packets with URG, mod 256 (the carries in `rare`). */
  private urgent = new Uint8Array(0);
  private readonly rare = new Map<number, RareCounters>();

  private readonly head = new Int32Array(CLASSES).fill(NIL);
  private readonly tail = new Int32Array(CLASSES).fill(NIL);
  /**
   * At most the earliest idle deadline (last activity + timeout) of the flows at the heads of the
   * timeout lists, which are the only ones expire() looks at; while packet time has not passed
   * it, expire() has nothing to do. The scan sets it; append() and unlink() lower it when a list
   * gets a new head.
   */
  private nextExpiry = -Infinity;
  /** The flow of the last packet and that packet's key, as add() saw it (lastSlot NIL: none; end() clears it). */
  private lastSlot = NIL;
  private lastKey = -1;
  private lastSrc = '';
  private lastDst = '';
  private lastSport = -1;
  private lastDport = -1;
  private lastAFirst = false;
  /** The observers that keep per-flow state (the others' hooks are no-ops and are not called). */
  private readonly observers: readonly FlowObserver[];

  constructor(
    private readonly sink: FlowSink,
    observers: readonly FlowObserver[] = [],
    options: Partial<FlowTableOptions> = {},
  ) {
    this.observers = observers.filter((o) => o.keepsFlowState !== false);
    this.options = { ...defaultFlowTableOptions(), ...options };
    if (!(this.options.maxFlows >= 1)) throw new RangeError(`maxFlows must be >= 1, got ${this.options.maxFlows}`);
    const o = this.options;
    if (!(o.activeTimeoutSeconds > 0 && o.activeTimeoutSeconds <= MAX_ACTIVE_SECONDS)) {
      throw new RangeError(`activeTimeoutSeconds must be in (0, ${MAX_ACTIVE_SECONDS}], got ${o.activeTimeoutSeconds}`);
    }
    this.timeoutMicros = Float64Array.from(
      [o.tcpIdleSeconds, o.tcpAttemptSeconds, o.tcpClosedSeconds, o.otherIdleSeconds],
      (s) => s * 1e6,
    );
    this.activeMicros = o.activeTimeoutSeconds * 1e6;
    this.idPrefix = o.idPrefix;
    this.grow(Math.max(1, Math.min(o.initialCapacity, o.maxFlows)));
  }

  /** Flows currently held. */
  get size(): number {
    return this.index.size;
  }

  /** Feed one decoded packet. Returns its flow's slot, or -1 for packets without an IP layer. */
  add(pkt: Packet): number {
    this.stats.packets++;
    const ts = pkt.tsMicros;
    this.expire(ts);
    const src = pkt.srcIp;
    const dst = pkt.dstIp;
    if (src === undefined || dst === undefined) {
      this.stats.nonIpPackets++;
      return NIL;
    }
    const proto = pkt.proto;
    const isIcmp = proto === 'icmp' || proto === 'icmp6';
    // ICMP has no ports; Zeek's convention keys it by type/code, which would split a ping from its
    // reply. KDD counts a ping and its reply as one connection, so ICMP flows key on addresses only.
    const sport = isIcmp ? 0 : pkt.srcPort;
    const dport = isIcmp ? 0 : pkt.dstPort;
    const protoIx = protoIndex(proto);
    const p = protoIx === 4 ? pkt.ipProto + 10 : protoIx;
    // Most packets belong to the flow of the packet before them, either way (a reply, the rest of
    // a burst): 50-87% on the shared and lab captures. Then the key needs no hash and no lookup.
    let slot = NIL;
    let aFirst: boolean;
    if (this.lastSlot !== NIL && p === this.lastKey && src === this.lastSrc && dst === this.lastDst && sport === this.lastSport && dport === this.lastDport) {
      slot = this.lastSlot;
      aFirst = this.lastAFirst;
    } else if (this.lastSlot !== NIL && p === this.lastKey && src === this.lastDst && dst === this.lastSrc && sport === this.lastDport && dport === this.lastSport) {
      slot = this.lastSlot;
      aFirst = !this.lastAFirst;
    } else {
      aFirst = src < dst || (src === dst && sport <= dport);
    }
    const ipA = aFirst ? src : dst;
    const ipB = aFirst ? dst : src;
    const portA = aFirst ? sport : dport;
    const portB = aFirst ? dport : sport;
    let fromOrig: boolean;
    let hash = 0;
    const keyS = pkt.srcIpKey;
    const keyD = pkt.dstIpKey;
    const numeric = keyS !== undefined && keyD !== undefined;
    if (slot === NIL) {
      hash = numeric ? hashNumericKey(p, aFirst ? keyS : keyD, portA, aFirst ? keyD : keyS, portB) : hashKey(p, ipA, portA, ipB, portB);
      slot = this.index.find(hash, p, ipA, portA, ipB, portB);
    }
    if (slot < 0) {
      slot = this.create(hash, p, ipA, portA, ipB, portB, pkt, aFirst, ts);
      fromOrig = true;
    } else {
      fromOrig = (this.bits[slot]! & ORIG_IS_A) === (aFirst ? ORIG_IS_A : 0);
      const reused = this.cls[slot] === CLASS_TCP_CLOSED && (pkt.tcpFlags & (SYN | ACK)) === SYN;
      if (reused || ts - this.start[slot]! > this.activeMicros) {
        // A fresh SYN on a closed or reset connection is a new connection reusing the ports (as Zeek and tshark split it).
        this.end(slot, reused ? (hasReset(this.tcpStates[slot]!) ? 'rst' : 'fin') : 'active');
        const again = numeric ? hashNumericKey(p, aFirst ? keyS : keyD, portA, aFirst ? keyD : keyS, portB) : hashKey(p, ipA, portA, ipB, portB);
        slot = this.create(again, p, ipA, portA, ipB, portB, pkt, aFirst, ts);
        fromOrig = true;
      }
    }
    this.lastSlot = slot;
    this.lastKey = p;
    this.lastSrc = src;
    this.lastDst = dst;
    this.lastSport = sport;
    this.lastDport = dport;
    this.lastAFirst = aFirst;
    this.count(slot, pkt, fromOrig, ts);
    const obs = this.observers;
    if (obs.length !== 0) {
      const start = this.start[slot]!;
      for (let i = 0; i < obs.length; i++) obs[i]!.onPacket(slot, pkt, fromOrig, start);
    }
    return slot;
  }

  /** Emit every flow still held (end of input). */
  flush(): void {
    for (let c = 0; c < CLASSES; c++) {
      while (this.head[c] !== NIL) this.end(this.head[c]!, 'flush');
    }
  }

  /** Emit flows idle past their timeout at time `nowMicros`. add() calls this; call it on a quiet link too. */
  expire(nowMicros: number): void {
    if (nowMicros <= this.nextExpiry) return;
    let next = Infinity;
    for (let c = 0; c < CLASSES; c++) {
      const timeout = this.timeoutMicros[c]!;
      const limit = nowMicros - timeout;
      let h = this.head[c]!;
      while (h !== NIL && this.lastOf(h) < limit) {
        this.end(h, 'idle');
        h = this.head[c]!;
      }
      // A flow expires once now - last > timeout, i.e. now > last + timeout.
      if (h !== NIL && this.lastOf(h) + timeout < next) next = this.lastOf(h) + timeout;
    }
    this.nextExpiry = next;
  }

  /** Start time of the flow in `slot` (for observers). */
  startOf(slot: number): number {
    return this.start[slot]!;
  }

  /** Time of the last packet of the flow in `slot`. */
  private lastOf(slot: number): number {
    return this.start[slot]! + this.lastOffset[slot]!;
  }

  private create(
    hash: number,
    p: number,
    ipA: string,
    portA: number,
    ipB: string,
    portB: number,
    pkt: Packet,
    aFirst: boolean,
    ts: number,
  ): number {
    if (this.index.size >= this.options.maxFlows) this.evictStalest();
    if (this.freeHead === NIL) this.grow(Math.min(this.capacity * 2, this.options.maxFlows));
    const slot = this.freeHead;
    this.freeHead = this.next[slot]!;
    this.index.insert(slot, hash, p, ipA, portA, ipB, portB);
    this.proto[slot] = protoIndex(pkt.proto);
    this.bits[slot] = aFirst ? ORIG_IS_A : 0;
    this.tcpStates[slot] = 0;
    this.history[slot] = 0;
    const icmpType = pkt.icmpType;
    this.icmp[slot] = icmpType === undefined ? NO_ICMP : ((icmpType & 0xff) << 8) | ((pkt.icmpCode ?? 0xff) & 0xff);
    this.start[slot] = ts;
    this.lastOffset[slot] = 0;
    this.origPackets[slot] = 0;
    this.respPackets[slot] = 0;
    this.origBytes[slot] = 0;
    this.respBytes[slot] = 0;
    this.origWire[slot] = 0;
    this.respWire[slot] = 0;
    this.urgent[slot] = 0;
    this.cls[slot] = pkt.proto === 'tcp' ? CLASS_TCP_ATTEMPT : CLASS_OTHER;
    this.prev[slot] = NIL;
    this.next[slot] = NIL;
    this.append(slot);
    this.stats.flowsCreated++;
    const obs = this.observers;
    for (let i = 0; i < obs.length; i++) obs[i]!.onStart(slot, ts);
    return slot;
  }

  private count(slot: number, pkt: Packet, fromOrig: boolean, ts: number): void {
    const len = pkt.payloadLength;
    const wire = pkt.wireLength;
    // u32 counters: a sum past 2^32 wraps on store, and its carry goes to the rare counters.
    if (fromOrig) {
      const n = this.origPackets[slot]! + 1;
      const bytes = this.origBytes[slot]! + len;
      const w = this.origWire[slot]! + wire;
      this.origPackets[slot] = n;
      this.origBytes[slot] = bytes;
      this.origWire[slot] = w;
      if (n >= TWO_32 || bytes >= TWO_32 || w >= TWO_32) this.carry(slot, 0, n, bytes, w);
    } else {
      const n = this.respPackets[slot]! + 1;
      const bytes = this.respBytes[slot]! + len;
      const w = this.respWire[slot]! + wire;
      this.respPackets[slot] = n;
      this.respBytes[slot] = bytes;
      this.respWire[slot] = w;
      if (n >= TWO_32 || bytes >= TWO_32 || w >= TWO_32) this.carry(slot, 1, n, bytes, w);
    }
    const offset = ts - this.start[slot]!;
    if (offset > this.lastOffset[slot]!) this.lastOffset[slot] = offset;
    if (pkt.fragment === true) {
      const r = this.rareOf(slot);
      r.fragments++;
      if (pkt.anomalies !== undefined) r.wrongFragments++;
    }
    let cls = CLASS_OTHER;
    if (this.proto[slot] === 0) {
      const flags = pkt.tcpFlags;
      if ((flags & URG) !== 0 && ++this.urgent[slot]! === 0x100) this.rareOf(slot).urgentHigh++;
      const step = TCP_STEP[(this.tcpStates[slot]! << 5) | (fromOrig ? 16 : 0) | tcpStepFlags(flags)]!;
      this.tcpStates[slot] = step & 0xff;
      if (fromOrig) this.history[slot] = stepHistory(this.history[slot]!, true, this.origPackets[slot] === 1, flags);
      cls = step >> 8;
    }
    // Move to the tail of its (maybe new) timeout class: it is now the most recently active.
    if (this.cls[slot] === cls && this.tail[cls] === slot) return;
    this.unlink(slot);
    this.cls[slot] = cls;
    this.append(slot);
  }

  /** The rare counters of `slot`, made on first use. */
  private rareOf(slot: number): RareCounters {
    if ((this.bits[slot]! & HAS_RARE) !== 0) return this.rare.get(slot)!;
    const r = new RareCounters();
    this.rare.set(slot, r);
    this.bits[slot]! |= HAS_RARE;
    return r;
  }

  /** A direction's counter passed 2^32 (`dir` 0 orig, 1 resp): keep the carry. */
  private carry(slot: number, dir: number, packets: number, bytes: number, wire: number): void {
    const high = this.rareOf(slot).high;
    if (packets >= TWO_32) high[HIGH_ORIG_PACKETS + dir]!++;
    if (bytes >= TWO_32) high[HIGH_ORIG_BYTES + dir]!++;
    if (wire >= TWO_32) high[HIGH_ORIG_WIRE + dir]!++;
  }

  private evictStalest(): void {
    let victim = NIL;
    let victimDeadline = Infinity;
    for (let c = 0; c < CLASSES; c++) {
      const h = this.head[c]!;
      if (h !== NIL && this.lastOf(h) + this.timeoutMicros[c]! < victimDeadline) {
        victim = h;
        victimDeadline = this.lastOf(h) + this.timeoutMicros[c]!;
      }
    }
    if (victim !== NIL) {
      this.stats.evictions++;
      this.end(victim, 'evicted');
    }
  }

  private end(slot: number, reason: Flow['endReason']): void {
    const flow = this.toFlow(slot, reason);
    this.stats.flowsEmitted++;
    const obs = this.observers;
    for (let i = 0; i < obs.length; i++) obs[i]!.onEnd(slot, flow);
    this.sink(flow, slot);
    if (slot === this.lastSlot) this.lastSlot = NIL;
    this.unlink(slot);
    this.index.remove(slot);
    if ((this.bits[slot]! & HAS_RARE) !== 0) this.rare.delete(slot);
    this.next[slot] = this.freeHead;
    this.freeHead = slot;
  }

  private toFlow(slot: number, reason: Flow['endReason']): Flow {
    const ix = this.index;
    const aIsOrig = (this.bits[slot]! & ORIG_IS_A) !== 0;
    const proto = PROTOS[this.proto[slot]!]!;
    const origIp = (aIsOrig ? ix.ipA[slot] : ix.ipB[slot])!;
    const origPort = aIsOrig ? ix.portA[slot]! : ix.portB[slot]!;
    const respIp = (aIsOrig ? ix.ipB[slot] : ix.ipA[slot])!;
    const respPort = aIsOrig ? ix.portB[slot]! : ix.portA[slot]!;
    let origPackets = this.origPackets[slot]!;
    let respPackets = this.respPackets[slot]!;
    let origBytes = this.origBytes[slot]!;
    let respBytes = this.respBytes[slot]!;
    let origWire = this.origWire[slot]!;
    let respWire = this.respWire[slot]!;
    let fragments = 0;
    let wrongFragments = 0;
    let urgent = this.urgent[slot]!;
    if ((this.bits[slot]! & HAS_RARE) !== 0) {
      const r = this.rare.get(slot)!;
      fragments = r.fragments;
      wrongFragments = r.wrongFragments;
      urgent += r.urgentHigh * 0x100;
      const h = r.high;
      origPackets += h[HIGH_ORIG_PACKETS]! * TWO_32;
      respPackets += h[HIGH_ORIG_PACKETS + 1]! * TWO_32;
      origBytes += h[HIGH_ORIG_BYTES]! * TWO_32;
      respBytes += h[HIGH_ORIG_BYTES + 1]! * TWO_32;
      origWire += h[HIGH_ORIG_WIRE]! * TWO_32;
      respWire += h[HIGH_ORIG_WIRE + 1]! * TWO_32;
    }
    const startMicros = this.start[slot]!;
    // The flag closes the flow with its state now; a TCP flow ended by RST/FIN says so.
    const states = this.tcpStates[slot]!;
    const flag = proto === 'tcp' ? kddTcpFlag(states, this.history[slot]!, origBytes, respBytes) : 'SF';
    const endReason =
      reason === 'idle' && proto === 'tcp' && tcpFinished(states) ? (hasReset(states) ? 'rst' : 'fin') : reason;
    const icmp = this.icmp[slot]!;
    const icmpType = icmp === NO_ICMP ? -1 : icmp >> 8;
    const icmpCode = icmp === NO_ICMP ? -1 : icmp & 0xff;
    // One literal with every field (no spread): one hidden class for all flows.
    return {
      proto,
      origIp,
      origPort,
      respIp,
      respPort,
      id: this.nextId(),
      startMicros,
      endMicros: startMicros + this.lastOffset[slot]!,
      origPackets,
      respPackets,
      origBytes,
      respBytes,
      origWireBytes: origWire,
      respWireBytes: respWire,
      flag,
      service: kddService(proto, origPort, respPort, icmpType, icmpCode),
      endReason,
      fragments,
      wrongFragments,
      urgent,
      land: origIp === respIp && origPort === respPort,
    };
  }

  /**
   * idPrefix + the flow counter. Formatting a 16-digit timestamp cost ~2 us a flow; even a counter
   * costs a number-to-string conversion that misses V8's cache every time (~10% of the table's
   * time on a churning capture), so only every thousandth flow converts a number.
   */
  private nextId(): string {
    const seq = this.seq++;
    if (seq < 1000) return this.idPrefix + seq;
    const low = seq % 1000;
    if (low === 0 || this.idThousands === '') this.idThousands = this.idPrefix + Math.floor(seq / 1000);
    return this.idThousands + THREE_DIGITS[low]!;
  }

  private append(slot: number): void {
    const c = this.cls[slot]!;
    const t = this.tail[c]!;
    this.prev[slot] = t;
    this.next[slot] = NIL;
    if (t === NIL) {
      this.head[c] = slot;
      this.lowerNextExpiry(slot, c);
    } else this.next[t] = slot;
    this.tail[c] = slot;
  }

  private unlink(slot: number): void {
    const c = this.cls[slot]!;
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    if (p === NIL) {
      this.head[c] = n;
      if (n !== NIL) this.lowerNextExpiry(n, c);
    } else this.next[p] = n;
    if (n === NIL) this.tail[c] = p;
    else this.prev[n] = p;
  }

  /** `slot` became the head of class `c`'s list. */
  private lowerNextExpiry(slot: number, c: number): void {
    const deadline = this.lastOf(slot) + this.timeoutMicros[c]!;
    if (deadline < this.nextExpiry) this.nextExpiry = deadline;
  }

  private grow(newCapacity: number): void {
    const old = this.capacity;
    if (newCapacity <= old) return;
    const g = <T extends Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float64Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(newCapacity);
      b.set(a as never);
      return b;
    };
    this.prev = g(this.prev, (n) => new Int32Array(n));
    this.next = g(this.next, (n) => new Int32Array(n));
    this.cls = g(this.cls, (n) => new Uint8Array(n));
    this.proto = g(this.proto, (n) => new Uint8Array(n));
    this.bits = g(this.bits, (n) => new Uint8Array(n));
    this.tcpStates = g(this.tcpStates, (n) => new Uint8Array(n));
    this.history = g(this.history, (n) => new Uint8Array(n));
    this.icmp = g(this.icmp, (n) => new Uint16Array(n));
    this.start = g(this.start, (n) => new Float64Array(n));
    this.lastOffset = g(this.lastOffset, (n) => new Uint32Array(n));
    this.origPackets = g(this.origPackets, (n) => new Uint32Array(n));
    this.respPackets = g(this.respPackets, (n) => new Uint32Array(n));
    this.origBytes = g(this.origBytes, (n) => new Uint32Array(n));
    this.respBytes = g(this.respBytes, (n) => new Uint32Array(n));
    this.origWire = g(this.origWire, (n) => new Uint32Array(n));
    this.respWire = g(this.respWire, (n) => new Uint32Array(n));
    this.urgent = g(this.urgent, (n) => new Uint8Array(n));
    // The new slots join the (empty: grow runs when it is) free chain, lowest first, so the arrays fill from the front.
    for (let s = newCapacity - 1; s >= old; s--) {
      this.next[s] = this.freeHead;
      this.freeHead = s;
    }
    this.index.resize(newCapacity);
    this.capacity = newCapacity;
    for (const o of this.observers) o.resize(newCapacity);
  }
}

// Local copies: an imported object's properties cost a getter call per use under tsx's transpiled modules.
const PARTIAL = EndpointState.PARTIAL;
const ESTABLISHED = EndpointState.ESTABLISHED;
const CLOSED = EndpointState.CLOSED;
const RESET = EndpointState.RESET;

/** The timeout class of a TCP flow in these states. */
function timeoutClass(states: number): number {
  return tcpFinished(states) ? CLASS_TCP_CLOSED : establishedOrPartial(states) ? CLASS_TCP_OPEN : CLASS_TCP_ATTEMPT;
}

function establishedOrPartial(states: number): boolean {
  const os = states & 0xf;
  const rs = states >> 4;
  return (
    os === ESTABLISHED || rs === ESTABLISHED || os === PARTIAL || rs === PARTIAL || os === CLOSED || rs === CLOSED
  );
}

function hasReset(states: number): boolean {
  return (states & 0xf) === RESET || states >> 4 === RESET;
}

/**
 * stepTcp and the timeout class of its result, tabulated: index (packed states << 5) | (fromOrig
 * << 4) | the FIN, SYN, RST, ACK bits; value the new packed states | class << 8. A load instead
 * of a dozen branches per TCP packet (flow-table.test.ts checks it against stepTcp).
 */
export const TCP_STEP: Uint16Array = (() => {
  const t = new Uint16Array(256 << 5);
  for (let packed = 0; packed < 256; packed++) {
    for (let key = 0; key < 32; key++) {
      const flags = (key & 7) | ((key & 8) << 1); // FIN, SYN, RST in bits 0-2, ACK (0x10) from bit 3
      const states = stepTcp(packed, (key & 16) !== 0, flags);
      t[(packed << 5) | key] = states | (timeoutClass(states) << 8);
    }
  }
  return t;
})();
