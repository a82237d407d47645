/**
 * nftables backend: vigil's own `inet` table with named sets whose elements carry their own
 * timeout and counters. Every commit is one `nft -f -` batch on stdin, so the kernel applies
 * all of it or none of it. When nft rejects a batch, the lines it names are pinned on their
 * decisions, those decisions fail, and the rest is sent again.
 */
import { isSingleAddress, parseCidr, type Cidr } from '../../decision/cidr.js';
import type { ActiveEntry } from '../backend.js';
import { BackendError } from '../backend.js';
import { BufferedBackend, type PendingOp } from '../buffered-backend.js';
import { namespaceRunner, runCommand, type Runner } from '../exec.js';
import type { SafetyOptions } from '../safety.js';
import { entriesFromNftJson } from './nft-json.js';
import {
  elementOpScript,
  rateClassScript,
  setNameFor,
  skeletonScript,
  type ScriptLine,
} from './nft-script.js';
import { NftSession } from './nft-session.js';

export interface NftablesOptions extends SafetyOptions {
  /** @default 'vigil' */
  table?: string;
  /** Run nft inside this network namespace (the lab, the tests); absent = the current one. */
  netns?: string;
  /** Prefixes quarantined hosts may still reach. @default the allowlist */
  management?: readonly Cidr[];
  /** @default runCommand */
  runner?: Runner;
  /**
   * Send small commits through one long-lived `nft -i` process instead of a new `nft -f` per
   * commit (same one-transaction-per-commit semantics, without the process start). A rejected
   * batch is re-sent through `nft -f` to pin the error on its decision. @default false
   */
  session?: boolean;
}

/** Commits up to this size go through the session; bigger ones amortise a spawn of `nft -f`. */
const SESSION_MAX_LINES = 400;
const SESSION_MAX_CHARS = 64 * 1024;

/** Retries after pinning errors on lines; past this, the remaining operations fail together. */
const MAX_RETRIES = 20;

/** `<element> counter packets N bytes M` in the text of `nft get element` (1.0.6 ignores -j there). */
const ELEMENT_COUNTER = /([0-9A-Fa-f:.]+(?:\/\d+)?) counter packets (\d+) bytes (\d+)/g;

interface Counts {
  packets: number;
  bytes: number;
}

export class NftablesBackend extends BufferedBackend {
  readonly name = 'nftables';
  readonly table: string;
  private readonly run: Runner;
  private readonly management: readonly Cidr[];
  private readonly rates = new Set<number>();
  /** `set element` keys the kernel may hold; an add of anything else needs no replace dance. */
  private readonly present = new Set<string>();
  private readonly session: NftSession | undefined;
  /**
   * Counters of elements replaced to give them a new timeout. nft 1.0.6 can neither update an
   * element's timeout in place nor load a counter value with it, so the replace resets the kernel's
   * counter; what it held is kept here and added back in list(). Without this, a block escalated
   * by a repeat offence reports 0 drops although it dropped the attack (seen in a lab run).
   */
  private readonly carried = new Map<string, Counts>();

  constructor(options: NftablesOptions) {
    super(options);
    this.table = options.table ?? 'vigil';
    const base = options.runner ?? runCommand;
    this.run = options.netns !== undefined ? namespaceRunner(options.netns, base) : base;
    this.management = options.management ?? options.allowlist;
    if (options.session) {
      const prefix = options.netns !== undefined ? ['ip', 'netns', 'exec', options.netns] : [];
      this.session = new NftSession([...prefix, 'nft', '-i'], this.table);
    }
  }

  async init(): Promise<void> {
    const existing = await this.run(['nft', '-j', 'list', 'table', 'inet', this.table]);
    const lines = skeletonScript(this.table, this.management);
    if (existing.code === 0) {
      const { entries, rates } = entriesFromNftJson(existing.stdout);
      for (const rate of rates) this.rates.add(rate);
      for (const e of entries)
        this.present.add(`${setNameFor(e.action, parseCidr(e.target), e.rate)} ${parseCidr(e.target).text}`);
    }
    // The rate-class rules are written again into the emptied ratelimit chain (their sets stay).
    for (const rate of this.rates) lines.push(...rateClassScript(this.table, rate));
    await this.nft(lines.join('\n'));
    // Start the long-lived `nft -i` now (an empty batch), so the first decision does not pay its start-up.
    if (this.session) await this.session.run([]);
  }

  protected async apply(ops: PendingOp[]): Promise<(string | undefined)[]> {
    const errors: (string | undefined)[] = new Array<string | undefined>(ops.length).fill(undefined);
    let remaining = ops.map((_, i) => i);
    let grouped = true;
    // Read just before the commit: packets dropped in between are not carried (a few at most).
    const replaced = await this.countersOfReplaced(ops);
    for (let attempt = 0; remaining.length > 0; attempt++) {
      const { lines, newRates } = this.script(ops, remaining, grouped);
      const texts = lines.map((l) => l.text);
      const small =
        texts.length <= SESSION_MAX_LINES && texts.reduce((n, t) => n + t.length + 2, 0) <= SESSION_MAX_CHARS;
      if (this.session && attempt === 0 && small) {
        const error = await this.session.run(texts).catch((err: unknown) => String(err));
        if (error === '') {
          this.committed(ops, remaining, newRates, replaced);
          return errors;
        }
        // Rejected (nothing applied: one transaction); nft -f below names the failing line.
      }
      const result = await this.run(['nft', '-f', '-'], { stdin: texts.join('\n') + '\n' });
      if (result.code === 0) {
        this.committed(ops, remaining, newRates, replaced);
        return errors;
      }
      const blamed = blamedOps(result.stderr, lines);
      if (blamed === 'group') {
        grouped = false; // a shared line failed: send every element on its own line to find which
        continue;
      }
      if (blamed.size === 0 || attempt >= MAX_RETRIES) {
        const why = `nft batch failed: ${firstLine(result.stderr)}`;
        for (const i of remaining) errors[i] = why;
        return errors;
      }
      for (const [i, why] of blamed) errors[i] = why;
      remaining = remaining.filter((i) => !blamed.has(i));
    }
    return errors;
  }

  private committed(
    ops: PendingOp[],
    indices: number[],
    newRates: Set<number>,
    replaced: Map<number, Counts>,
  ): void {
    for (const r of newRates) this.rates.add(r);
    for (const i of indices) {
      const op = ops[i]!;
      const key = this.elementKey(op);
      if (op.op === 'add') {
        this.present.add(key);
        const c = replaced.get(i);
        if (c) {
          const before = this.carried.get(key);
          this.carried.set(key, {
            packets: c.packets + (before?.packets ?? 0),
            bytes: c.bytes + (before?.bytes ?? 0),
          });
        }
      } else {
        this.present.delete(key);
        this.carried.delete(key);
      }
    }
  }

  /** The kernel's counters of the elements this batch replaces (adds of elements it may hold), by op index. */
  private async countersOfReplaced(ops: PendingOp[]): Promise<Map<number, Counts>> {
    const bySet = new Map<string, number[]>();
    ops.forEach((op, i) => {
      if (op.op !== 'add' || !this.present.has(this.elementKey(op))) return;
      const set = setNameFor(op.action, op.target, op.decision.rate);
      bySet.set(set, [...(bySet.get(set) ?? []), i]);
    });
    const out = new Map<number, Counts>();
    for (const [set, indices] of bySet) {
      const counts = await this.elementCounters(
        set,
        indices.map((i) => ops[i]!.target.text),
      );
      for (const i of indices) {
        const c = counts.get(ops[i]!.target.text);
        if (c) out.set(i, c);
      }
    }
    return out;
  }

  private async elementCounters(set: string, targets: string[]): Promise<Map<string, Counts>> {
    const counts = new Map<string, Counts>();
    const read = async (elements: string[]): Promise<boolean> => {
      const r = await this.run([
        'nft',
        'get',
        'element',
        'inet',
        this.table,
        set,
        `{ ${elements.join(', ')} }`,
      ]);
      if (r.code !== 0) return false;
      for (const m of r.stdout.matchAll(ELEMENT_COUNTER))
        counts.set(parseCidr(m[1]!).text, { packets: Number(m[2]), bytes: Number(m[3]) });
      return true;
    };
    // One get for the set; if an element has meanwhile timed out the whole get fails, so ask one by one.
    if (!(await read(targets)) && targets.length > 1) for (const t of targets) await read([t]);
    return counts;
  }

  private elementKey(op: PendingOp): string {
    return `${setNameFor(op.action, op.target, op.decision.rate)} ${op.target.text}`;
  }

  /**
   * The batch text. With `grouped`, adds of single addresses the kernel cannot already hold, and
   * that nothing else in the batch touches, share one `add element` line per set (parsing 10,000
   * commands costs nft far more than one list of 10,000); everything else gets its own lines.
   */
  private script(
    ops: PendingOp[],
    indices: number[],
    grouped: boolean,
  ): { lines: ScriptLine[]; newRates: Set<number> } {
    const lines: ScriptLine[] = [];
    const newRates = new Set<number>();
    const touches = new Map<string, number>();
    for (const i of indices) {
      const k = this.elementKey(ops[i]!);
      touches.set(k, (touches.get(k) ?? 0) + 1);
    }
    const groups = new Map<string, { ops: number[]; elements: string[] }>();
    for (const i of indices) {
      const op = ops[i]!;
      const rate = op.action === 'rate-limit' ? op.decision.rate : undefined;
      if (rate !== undefined && !this.rates.has(rate) && !newRates.has(rate)) {
        if (op.op === 'delete') continue; // that class never existed: nothing to delete
        newRates.add(rate);
        for (const text of rateClassScript(this.table, rate)) lines.push({ text, op: i });
      }
      const set = setNameFor(op.action, op.target, rate);
      const key = this.elementKey(op);
      if (
        grouped &&
        op.op === 'add' &&
        isSingleAddress(op.target) &&
        !this.present.has(key) &&
        touches.get(key) === 1
      ) {
        const g = groups.get(set) ?? { ops: [], elements: [] };
        const ttl = op.decision.ttlSeconds;
        g.ops.push(i);
        g.elements.push(ttl > 0 ? `${op.target.text} timeout ${ttl}s` : op.target.text);
        groups.set(set, g);
        continue;
      }
      for (const text of elementOpScript(this.table, op.op, set, op.target, op.decision.ttlSeconds))
        lines.push({ text, op: i });
    }
    for (const [set, g] of groups) {
      lines.push({
        text: `add element inet ${this.table} ${set} { ${g.elements.join(', ')} }`,
        ...(g.ops.length === 1 ? { op: g.ops[0]! } : { group: g.ops }),
      });
    }
    return { lines, newRates };
  }

  async list(): Promise<ActiveEntry[]> {
    const r = await this.run(['nft', '-j', 'list', 'table', 'inet', this.table]);
    if (r.code !== 0) throw new BackendError(`nft list table inet ${this.table}: ${firstLine(r.stderr)}`);
    const { entries } = entriesFromNftJson(r.stdout);
    if (this.carried.size === 0) return entries;
    const held = new Set<string>();
    const withCarried = entries.map((e) => {
      const key = `${setNameFor(e.action, parseCidr(e.target), e.rate)} ${parseCidr(e.target).text}`;
      held.add(key);
      const c = this.carried.get(key);
      return c ? { ...e, packets: (e.packets ?? 0) + c.packets, bytes: (e.bytes ?? 0) + c.bytes } : e;
    });
    // Elements the kernel let expire take their carried counts with them.
    for (const key of this.carried.keys()) if (!held.has(key)) this.carried.delete(key);
    return withCarried;
  }

  /** The drop counters of the table's rules, as text; for operators and debugging. */
  async ruleset(): Promise<string> {
    const r = await this.run(['nft', 'list', 'table', 'inet', this.table]);
    return r.stdout;
  }

  async shutdown(options?: { flush?: boolean }): Promise<void> {
    await this.session?.close();
    if (options?.flush) {
      this.present.clear();
      await this.nft(`add table inet ${this.table}\ndelete table inet ${this.table}\n`);
      this.rates.clear();
    }
  }

  private async nft(script: string): Promise<void> {
    const r = await this.run(['nft', '-f', '-'], { stdin: script });
    if (r.code !== 0) throw new BackendError(`nft -f failed: ${firstLine(r.stderr)}\n${r.stderr}`);
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '') ?? '(no message)';
}

/**
 * nft names failing lines as `/dev/stdin:LINE:COL: Error: ...`; map them to operation indices.
 * 'group' when a line shared by several operations failed, so it cannot say which.
 */
function blamedOps(stderr: string, lines: ScriptLine[]): Map<number, string> | 'group' {
  const blamed = new Map<number, string>();
  for (const m of stderr.matchAll(/^\/dev\/stdin:(\d+):[\d-]+: Error: (.*)$/gm)) {
    const line = lines[Number(m[1]) - 1];
    if (line?.group) return 'group';
    const op = line?.op;
    if (op !== undefined && !blamed.has(op)) blamed.set(op, `nft: ${m[2]}`);
  }
  return blamed;
}
