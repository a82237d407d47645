/**
 * Dry-run backend: the default when no firewall is configured. It runs the same safety checks
 * as the real backends, logs what it would do, and keeps what it would hold so `list` answers
 * like a firewall would (entries time out on the injected clock).
 */
import { BufferedBackend, type PendingOp } from '../buffered-backend.js';
import type { ActiveEntry } from '../backend.js';
import type { SafetyOptions } from '../safety.js';

export interface DryRunOptions extends SafetyOptions {
  /** Where "would do" lines go. @default one line per operation on stderr */
  log?: (line: string) => void;
  /** Clock for entry expiry, microseconds. @default Date.now() * 1000 */
  nowMicros?: () => number;
}

interface HeldEntry extends ActiveEntry {
  expiresMicros?: number;
}

export class DryRunBackend extends BufferedBackend {
  readonly name = 'dry-run';
  private readonly held = new Map<string, HeldEntry>();
  private readonly log: (line: string) => void;
  private readonly clock: () => number;

  constructor(options: DryRunOptions) {
    super(options);
    this.appliedStatus = 'dry-run';
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.clock = options.nowMicros ?? (() => Date.now() * 1000);
  }

  async init(): Promise<void> {}

  protected async apply(ops: PendingOp[]): Promise<(string | undefined)[]> {
    const now = this.clock();
    return ops.map((op) => {
      const rate = op.action === 'rate-limit' ? op.decision.rate : undefined;
      const key = `${op.action}:${op.target.text}:${rate ?? ''}`;
      const ttl = op.decision.ttlSeconds;
      this.log(
        `dry-run: would ${op.op} ${op.action} ${op.target.text}${rate ? ` at ${rate}/s` : ''}` +
          `${op.op === 'add' && ttl > 0 ? ` for ${ttl}s` : ''} (decision ${op.decision.id})`,
      );
      if (op.op === 'delete') this.held.delete(key);
      else {
        this.held.set(key, {
          action: op.action,
          target: op.target.text,
          ...(rate !== undefined ? { rate } : {}),
          ...(ttl > 0 ? { expiresMicros: now + ttl * 1_000_000 } : {}),
        });
      }
      return undefined;
    });
  }

  async list(): Promise<ActiveEntry[]> {
    const now = this.clock();
    const out: ActiveEntry[] = [];
    for (const [key, e] of this.held) {
      if (e.expiresMicros !== undefined && e.expiresMicros <= now) {
        this.held.delete(key);
        continue;
      }
      const { expiresMicros, ...entry } = e;
      out.push(
        expiresMicros !== undefined
          ? { ...entry, expiresInSeconds: Math.ceil((expiresMicros - now) / 1e6) }
          : entry,
      );
    }
    return out;
  }

  async shutdown(options?: { flush?: boolean }): Promise<void> {
    if (options?.flush) this.held.clear();
  }
}
