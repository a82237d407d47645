/**
 * nftables backend: vigil's own `inet` table with named sets whose elements carry their own
 * timeout and counters. Every commit is one `nft -f -` batch on stdin, so the kernel applies
 * all of it or none of it. When nft rejects a batch, the lines it names are pinned on their
 * decisions, those decisions fail, and the rest is sent again.
 */
import type { Cidr } from '../../decision/cidr.js';
import type { ActiveEntry } from '../backend.js';
import { BackendError } from '../backend.js';
import { BufferedBackend, type PendingOp } from '../buffered-backend.js';
import { namespaceRunner, runCommand, type Runner } from '../exec.js';
import type { SafetyOptions } from '../safety.js';
import { entriesFromNftJson } from './nft-json.js';
import { elementOpScript, rateClassScript, setNameFor, skeletonScript, type ScriptLine } from './nft-script.js';

export interface NftablesOptions extends SafetyOptions {
  /** @default 'vigil' */
  table?: string;
  /** Run nft inside this network namespace (the lab, the tests); absent = the current one. */
  netns?: string;
  /** Prefixes quarantined hosts may still reach. @default the allowlist */
  management?: readonly Cidr[];
  /** @default runCommand */
  runner?: Runner;
}

/** Retries after pinning errors on lines; past this, the remaining operations fail together. */
const MAX_RETRIES = 20;

export class NftablesBackend extends BufferedBackend {
  readonly name = 'nftables';
  readonly table: string;
  private readonly run: Runner;
  private readonly management: readonly Cidr[];
  private readonly rates = new Set<number>();

  constructor(options: NftablesOptions) {
    super(options);
    this.table = options.table ?? 'vigil';
    const base = options.runner ?? runCommand;
    this.run = options.netns !== undefined ? namespaceRunner(options.netns, base) : base;
    this.management = options.management ?? options.allowlist;
  }

  async init(): Promise<void> {
    const existing = await this.run(['nft', '-j', 'list', 'table', 'inet', this.table]);
    const lines = skeletonScript(this.table, this.management);
    if (existing.code === 0) {
      for (const rate of entriesFromNftJson(existing.stdout).rates) this.rates.add(rate);
    }
    // Rate-class rules live in the flushed enforce chain, so they are written again.
    for (const rate of this.rates) lines.push(...rateClassScript(this.table, rate));
    await this.nft(lines.join('\n'));
  }

  protected async apply(ops: PendingOp[]): Promise<(string | undefined)[]> {
    const errors: (string | undefined)[] = new Array<string | undefined>(ops.length).fill(undefined);
    let remaining = ops.map((_, i) => i);
    for (let attempt = 0; remaining.length > 0; attempt++) {
      const { lines, newRates } = this.script(ops, remaining);
      const result = await this.run(['nft', '-f', '-'], { stdin: lines.map((l) => l.text).join('\n') + '\n' });
      if (result.code === 0) {
        for (const r of newRates) this.rates.add(r);
        return errors;
      }
      const blamed = blamedOps(result.stderr, lines);
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

  private script(ops: PendingOp[], indices: number[]): { lines: ScriptLine[]; newRates: Set<number> } {
    const lines: ScriptLine[] = [];
    const newRates = new Set<number>();
    for (const i of indices) {
      const op = ops[i]!;
      const rate = op.action === 'rate-limit' ? op.decision.rate : undefined;
      if (rate !== undefined && !this.rates.has(rate) && !newRates.has(rate)) {
        if (op.op === 'delete') continue; // that class never existed: nothing to delete
        newRates.add(rate);
        for (const text of rateClassScript(this.table, rate)) lines.push({ text, op: i });
      }
      const set = setNameFor(op.action, op.target, rate);
      for (const text of elementOpScript(this.table, op.op, set, op.target, op.decision.ttlSeconds)) lines.push({ text, op: i });
    }
    return { lines, newRates };
  }

  async list(): Promise<ActiveEntry[]> {
    const r = await this.run(['nft', '-j', 'list', 'table', 'inet', this.table]);
    if (r.code !== 0) throw new BackendError(`nft list table inet ${this.table}: ${firstLine(r.stderr)}`);
    return entriesFromNftJson(r.stdout).entries;
  }

  /** The drop counters of the table's rules, as text; for operators and debugging. */
  async ruleset(): Promise<string> {
    const r = await this.run(['nft', 'list', 'table', 'inet', this.table]);
    return r.stdout;
  }

  async shutdown(options?: { flush?: boolean }): Promise<void> {
    if (options?.flush) {
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

/** nft names failing lines as `/dev/stdin:LINE:COL: Error: ...`; map them to operation indices. */
function blamedOps(stderr: string, lines: ScriptLine[]): Map<number, string> {
  const blamed = new Map<number, string>();
  for (const m of stderr.matchAll(/^\/dev\/stdin:(\d+):[\d-]+: Error: (.*)$/gm)) {
    const op = lines[Number(m[1]) - 1]?.op;
    if (op !== undefined && !blamed.has(op)) blamed.set(op, `nft: ${m[2]}`);
  }
  return blamed;
}
