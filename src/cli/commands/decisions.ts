/**
 * `vigil decisions list|add|revoke`: the operator's view of the decision store. Operator
 * decisions go through the same backend (and so the same allowlist and safety checks) as the
 * policy's; with no firewall configured they are dry-run.
 */
import type { Command } from 'commander';
import {
  ACTIONS,
  ConfigError,
  loadResponseConfig,
  validateResponseConfig,
  type ResponseConfig,
} from '../../decision/config.js';
import { parseDuration, formatDuration } from '../../decision/duration.js';
import { DecisionEngine } from '../../decision/engine.js';
import type { ActionResult, Decision } from '../../records/index.js';
import type { ResponseDispatcher } from '../../response/dispatcher.js';
import { createResponse } from '../../response/registry.js';
import { DecisionStore, type StoredDecision } from '../../store/decision-store.js';

export interface CommonOptions {
  config?: string;
  db?: string;
}

export interface AddOptions extends CommonOptions {
  action: string;
  ttl: string;
  reason: string;
  rate?: string;
}

export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

type Out = (text: string) => void;
const nowMicros = (): number => Date.now() * 1000;

function loadConfig(opts: CommonOptions): ResponseConfig {
  return opts.config ? loadResponseConfig(opts.config) : validateResponseConfig({}, 'defaults');
}

async function withDispatcher<T>(
  opts: CommonOptions,
  run: (d: ResponseDispatcher, store: DecisionStore, c: ResponseConfig) => Promise<T>,
): Promise<T> {
  const config = loadConfig(opts);
  const store = new DecisionStore(opts.db ?? config.store.path);
  const { dispatcher, backend } = createResponse(config, store, {
    log: (line) => process.stderr.write(`${line}\n`),
  });
  try {
    await backend.init();
    return await run(dispatcher, store, config);
  } finally {
    await dispatcher.close();
    await backend.shutdown();
    store.close();
  }
}

export async function addDecision(
  target: string,
  opts: AddOptions,
  out: Out,
): Promise<{ decision: Decision; results: ActionResult[] }> {
  if (!(ACTIONS as readonly string[]).includes(opts.action)) {
    throw new CliUsageError(
      `--action: unknown action "${opts.action}"; expected one of ${ACTIONS.join(', ')}`,
    );
  }
  let ttlSeconds: number;
  try {
    ttlSeconds = parseDuration(opts.ttl);
  } catch (err) {
    throw new CliUsageError(`--ttl: ${(err as Error).message}`, { cause: err });
  }
  const rate = opts.rate === undefined ? undefined : Number(opts.rate);
  if (opts.action === 'rate-limit' && !(rate !== undefined && Number.isInteger(rate) && rate > 0)) {
    throw new CliUsageError('--rate: rate-limit needs a positive whole number of packets per second');
  }
  return withDispatcher(opts, async (dispatcher, _store, config) => {
    const engine = new DecisionEngine(config);
    const now = nowMicros();
    const action = opts.action as Decision['action'];
    const decision = engine.operatorDecision(
      { action, target, ttlSeconds, reason: opts.reason, ...(rate !== undefined ? { rate } : {}) },
      now,
    );
    const results = await dispatcher.handle([decision], now);
    out(`${decision.id}  ${describe(decision)}\n`);
    for (const r of results) out(`  ${r.backend}: ${r.status}${r.detail ? ` (${r.detail})` : ''}\n`);
    return { decision, results };
  });
}

export async function revokeDecision(id: string, opts: CommonOptions, out: Out): Promise<boolean> {
  return withDispatcher(opts, async (dispatcher) => {
    const ok = await dispatcher.revoke(id, nowMicros());
    if (!ok) throw new CliUsageError(`no live decision with id ${id}`);
    out(`revoked ${id}\n`);
    return ok;
  });
}

export function listDecisions(
  opts: CommonOptions & { all?: boolean; json?: boolean },
  out: Out,
): StoredDecision[] {
  const config = loadConfig(opts);
  const store = new DecisionStore(opts.db ?? config.store.path);
  try {
    const now = nowMicros();
    const rows = opts.all ? store.all() : store.live(now);
    if (opts.json) {
      for (const s of rows) out(`${JSON.stringify({ ...s, results: store.results(s.decision.id) })}\n`);
      return rows;
    }
    if (rows.length === 0) out(opts.all ? 'no decisions\n' : 'no live decisions\n');
    for (const s of rows) {
      const last = store.results(s.decision.id).at(-1);
      const left = s.endStatus
        ? s.endStatus
        : s.expiresMicros === undefined
          ? 'until revoked'
          : `${formatDuration(Math.max(0, Math.ceil((s.expiresMicros - now) / 1e6)))} left`;
      out(
        `${s.decision.id}  ${describe(s.decision)}  ${left}  ${last ? `[${last.backend}: ${last.status}]` : ''}\n    ${s.decision.reason}\n`,
      );
    }
    return rows;
  } finally {
    store.close();
  }
}

function describe(d: Decision): string {
  return `${d.dryRun ? 'dry-run ' : ''}${d.action} ${d.target}${d.rate !== undefined ? ` ${d.rate}/s` : ''} ttl ${formatDuration(d.ttlSeconds)} (${d.origin})`;
}

function report(err: unknown): never {
  const message =
    err instanceof ConfigError || err instanceof CliUsageError
      ? err.message
      : err instanceof Error
        ? err.message
        : String(err);
  throw new Error(message, { cause: err });
}

export function register(program: Command): void {
  const write: Out = (t) => process.stdout.write(t);
  const decisions = program
    .command('decisions')
    .description('list, add and revoke response decisions (block, rate-limit, quarantine, ...)');
  const common = (c: Command) =>
    c
      .option('--config <file>', 'response config YAML (allowlist, firewall, store)')
      .option('--db <file>', 'decision store SQLite file (default: config store.path)');
  common(decisions.command('list').description('live decisions, or all with --all'))
    .option('--all', 'include revoked and expired decisions')
    .option('--json', 'one JSON object per line, with its action results')
    .action((opts: CommonOptions & { all?: boolean; json?: boolean }) => {
      try {
        listDecisions(opts, write);
      } catch (err) {
        report(err);
      }
    });
  common(decisions.command('add <target>').description('add an operator decision against an IP or CIDR'))
    .requiredOption('--action <action>', `one of ${ACTIONS.join(', ')}`)
    .requiredOption('--ttl <duration>', 'how long, e.g. 30m, 4h, 7d, or forever')
    .option('--reason <text>', 'why (kept with the decision)', 'operator decision')
    .option('--rate <pps>', 'packets per second, for rate-limit')
    .action(async (target: string, opts: AddOptions) => {
      try {
        await addDecision(target, opts, write);
      } catch (err) {
        report(err);
      }
    });
  common(
    decisions.command('revoke <id>').description('revoke a decision and remove it from the firewall'),
  ).action(async (id: string, opts: CommonOptions) => {
    try {
      await revokeDecision(id, opts, write);
    } catch (err) {
      report(err);
    }
  });
}
