/**
 * One source's flows in a window, oldest first, in typed arrays (no object per flow), with running
 * counts so adding or dropping a flow is O(1): a SYN flood from one source does not make the
 * features quadratic.
 */
export const SERROR = 1;
export const REJECTED = 2;
export const ANSWERED = 4;

export class FlowRing {
  private ends = new Float64Array(8);
  private ports = new Uint16Array(8);
  private bits = new Uint8Array(8);
  private head = 0;
  private count = 0;
  private mask = 7;
  private readonly byPort = new Map<number, number>();
  serror = 0;
  rejected = 0;
  answered = 0;

  get size(): number {
    return this.count;
  }

  push(endMicros: number, port: number, bits: number): void {
    if (this.count > this.mask) this.grow();
    const i = (this.head + this.count++) & this.mask;
    this.ends[i] = endMicros;
    this.ports[i] = port;
    this.bits[i] = bits;
    this.tally(port, bits, 1);
  }

  /**
   * Drops flows from the oldest end while they ended before `cutoffMicros`. Flows sit in emission
   * order, which is end order only roughly (a flow can leave the table after later ones), so this is
   * approximate in the way kdd41's windows are. The newest flow is never dropped: a row always counts
   * its own flow.
   */
  dropEndedBefore(cutoffMicros: number): void {
    while (this.count > 1 && this.ends[this.head]! < cutoffMicros) this.dropOldest();
  }

  keepLast(n: number): void {
    while (this.count > Math.max(1, n)) this.dropOldest();
  }

  portCount(port: number): number {
    return this.byPort.get(port) ?? 0;
  }

  private dropOldest(): void {
    const i = this.head;
    this.head = (i + 1) & this.mask;
    this.count--;
    this.tally(this.ports[i]!, this.bits[i]!, -1);
  }

  private tally(port: number, bits: number, by: 1 | -1): void {
    if ((bits & SERROR) !== 0) this.serror += by;
    if ((bits & REJECTED) !== 0) this.rejected += by;
    if ((bits & ANSWERED) !== 0) this.answered += by;
    const n = (this.byPort.get(port) ?? 0) + by;
    if (n === 0) this.byPort.delete(port);
    else this.byPort.set(port, n);
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    const ends = new Float64Array(size);
    const ports = new Uint16Array(size);
    const bits = new Uint8Array(size);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & this.mask;
      ends[k] = this.ends[i]!;
      ports[k] = this.ports[i]!;
      bits[k] = this.bits[i]!;
    }
    this.ends = ends;
    this.ports = ports;
    this.bits = bits;
    this.head = 0;
    this.mask = size - 1;
  }
}
