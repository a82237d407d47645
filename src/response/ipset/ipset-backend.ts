/**
 * iptables + ipset backend, the fallback where nftables is not usable. Elements go in with one
 * `ipset restore -exist` per commit (`-exist` makes a re-add refresh the timeout and a delete of
 * a missing element a no-op). ipset restore stops at the first bad line, so unlike nft the batch
 * is not all-or-nothing: the lines before the error stay applied, the named line's decision
 * fails, and the rest is sent again.
 */
import type { Cidr } from '../../decision/cidr.js';
import { parseCidr } from '../../decision/cidr.js';
import type { ActiveEntry, FirewallAction } from '../backend.js';
import { BackendError } from '../backend.js';
import { BufferedBackend, type PendingOp } from '../buffered-backend.js';
import { namespaceRunner, runCommand, type ExecResult, type Runner } from '../exec.js';
import type { SafetyOptions } from '../safety.js';
import { chainRules, createSetLines, elementLine, managementLines, setName } from './ipset-script.js';

export interface IpsetOptions extends SafetyOptions {
  /** Prefix of set and chain names. @default 'vigil' */
  table?: string;
  netns?: string;
  management?: readonly Cidr[];
  runner?: Runner;
}

const HOOKS = [
  ['INPUT', 'IN'],
  ['FORWARD', 'IN'],
  ['OUTPUT', 'OUT'],
] as const;

export class IpsetBackend extends BufferedBackend {
  readonly name = 'iptables-ipset';
  private readonly prefix: string;
  private readonly run: Runner;
  private readonly management: readonly Cidr[];
  private readonly rates = new Set<number>();

  constructor(options: IpsetOptions) {
    super(options);
    this.prefix = options.table ?? 'vigil';
    const base = options.runner ?? runCommand;
    this.run = options.netns !== undefined ? namespaceRunner(options.netns, base) : base;
    this.management = options.management ?? options.allowlist;
  }

  async init(): Promise<void> {
    for (const e of await this.listSaved()) if (e.rate !== undefined) this.rates.add(e.rate);
    await this.ipsetRestore([
      ...createSetLines(this.prefix, this.rates),
      ...managementLines(this.prefix, this.management),
    ]);
    await this.writeChains();
  }

  private async writeChains(): Promise<void> {
    const P = this.prefix.toUpperCase();
    for (const fam of [4, 6] as const) {
      const tool = fam === 4 ? 'iptables' : 'ip6tables';
      await this.must([`${tool}-restore`, '--noflush'], chainRules(this.prefix, fam, this.rates));
      for (const [hook, chain] of HOOKS) {
        const present = await this.run([tool, '-w', '-C', hook, '-j', `${P}-${chain}`]);
        if (present.code !== 0) await this.must([tool, '-w', '-I', hook, '1', '-j', `${P}-${chain}`]);
      }
    }
  }

  protected async apply(ops: PendingOp[]): Promise<(string | undefined)[]> {
    const errors: (string | undefined)[] = new Array<string | undefined>(ops.length).fill(undefined);
    const newRates = new Set<number>();
    for (const op of ops) {
      const r = op.action === 'rate-limit' ? op.decision.rate : undefined;
      if (op.op === 'add' && r !== undefined && !this.rates.has(r)) newRates.add(r);
    }
    if (newRates.size > 0) {
      for (const r of newRates) this.rates.add(r);
      await this.ipsetRestore(createSetLines(this.prefix, this.rates));
      await this.writeChains();
    }
    let remaining = ops
      .map((_, i) => i)
      .filter((i) => {
        const op = ops[i]!;
        // A delete from a rate class that never existed has nothing to remove.
        return !(op.op === 'delete' && op.action === 'rate-limit' && !this.rates.has(op.decision.rate ?? -1));
      });
    while (remaining.length > 0) {
      const lines = remaining.map((i) => {
        const op = ops[i]!;
        const set = setName(this.prefix, op.action, op.target.family, op.decision.rate);
        return elementLine(op.op, set, op.target, op.decision.ttlSeconds);
      });
      const r = await this.run(['ipset', 'restore', '-exist'], { stdin: lines.join('\n') + '\n' });
      if (r.code === 0) return errors;
      const m = /Error in line (\d+): (.*)/.exec(r.stderr);
      const bad = m ? Number(m[1]) - 1 : -1;
      if (bad < 0 || bad >= remaining.length) {
        for (const i of remaining) errors[i] = `ipset restore failed: ${r.stderr.trim()}`;
        return errors;
      }
      errors[remaining[bad]!] = `ipset: ${m![2]}`;
      remaining = remaining.slice(bad + 1);
    }
    return errors;
  }

  async list(): Promise<ActiveEntry[]> {
    return this.listSaved();
  }

  private async listSaved(): Promise<ActiveEntry[]> {
    const r = await this.run(['ipset', 'save']);
    if (r.code !== 0) throw new BackendError(`ipset save: ${r.stderr.trim()}`);
    return parseIpsetSave(r.stdout, this.prefix);
  }

  async shutdown(options?: { flush?: boolean }): Promise<void> {
    if (!options?.flush) return;
    const P = this.prefix.toUpperCase();
    for (const tool of ['iptables', 'ip6tables']) {
      for (const [hook, chain] of HOOKS) await this.run([tool, '-w', '-D', hook, '-j', `${P}-${chain}`]);
      for (const chain of ['IN', 'OUT']) {
        await this.run([tool, '-w', '-F', `${P}-${chain}`]);
        await this.run([tool, '-w', '-X', `${P}-${chain}`]);
      }
    }
    const names = new Set<string>();
    const saved = await this.run(['ipset', 'save']);
    for (const m of saved.stdout.matchAll(/^create (\S+)/gm))
      if (m[1]!.startsWith(`${this.prefix}-`)) names.add(m[1]!);
    for (const n of names) await this.run(['ipset', 'destroy', n]);
    this.rates.clear();
  }

  private ipsetRestore(lines: string[]): Promise<ExecResult> {
    return this.must(['ipset', 'restore', '-exist'], lines.join('\n') + '\n');
  }

  private async must(argv: string[], stdin?: string): Promise<ExecResult> {
    const r = await this.run(argv, stdin !== undefined ? { stdin } : {});
    if (r.code !== 0) throw new BackendError(`${argv.join(' ')}: ${r.stderr.trim()}`);
    return r;
  }
}

/** Parses `ipset save` lines of our sets: `add vigil-block4 10.1.2.3 timeout 3599 packets 4 bytes 240`. */
export function parseIpsetSave(text: string, prefix: string): ActiveEntry[] {
  const out: ActiveEntry[] = [];
  const re = new RegExp(`^add ${prefix}-(block|quar|rate(\\d+)-)([46]) (\\S+)(.*)$`, 'gm');
  for (const m of text.matchAll(re)) {
    const action: FirewallAction = m[1] === 'block' ? 'block' : m[1] === 'quar' ? 'quarantine' : 'rate-limit';
    const rest = m[5] ?? '';
    const num = (key: string) => {
      const v = new RegExp(`\\b${key} (\\d+)`).exec(rest);
      return v ? Number(v[1]) : undefined;
    };
    const timeout = num('timeout');
    const packets = num('packets');
    out.push({
      action,
      target: parseCidr(m[4]!).text,
      ...(m[2] !== undefined ? { rate: Number(m[2]) } : {}),
      ...(timeout !== undefined && timeout > 0 ? { expiresInSeconds: timeout } : {}),
      ...(packets !== undefined ? { packets, bytes: num('bytes') ?? 0 } : {}),
    });
  }
  return out;
}
