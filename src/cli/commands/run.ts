/**
 * `vigil run`: the embedded pipeline (agent and coordinator in one process), continuous, dry-run unless --enforce.
 * `--pcap FILE` streams a capture through it (the auth log, a file, merged in by time);
 * `--interface IF` captures live (needs the optional `cap` package and the right to capture),
 * tailing `--auth-log` as it grows. Models are trained at start-up on a lab run or a folder of runs
 * (no registry yet), or loaded with --models.
 * Prints decisions and what the dry-run backend would do; alerts with --alerts.
 */
import { Command, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tailLogEvents } from '../../acquisition/logs/index.js';
import { readCapture } from '../../acquisition/pcap/index.js';
import { labRunDirs } from '../../datasets/lab/index.js';
import { readAuthLog } from '../../pipeline/adapters/capture-files.js';
import { feedCaptureFile, feedLive, type FeedSummary } from '../../pipeline/adapters/frame-feed.js';
import type { PipelineRecord } from '../../pipeline/pipeline.js';
import { DEFAULT_DETECTOR, createEmbeddedRun, trainOnLabRun } from '../../roles/run.js';
import { isDryRun, loadResponseConfig, type ResponseConfig } from '../../decision/config.js';
import type { Responder } from '../../pipeline/decision-stage.js';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));

interface RunOptions {
  pcap?: string;
  interface?: string;
  authLog?: string;
  ownIp?: string;
  train: string;
  models?: string;
  authPollMs?: number;
  detector: string;
  alerts?: boolean;
  seconds?: number;
  config?: string;
  enforce?: boolean;
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!(n > 0)) throw new InvalidArgumentError('must be a positive number');
  return n;
}

export function register(program: Command): void {
  program
    .command('run')
    .description(
      'run the embedded pipeline (agent + coordinator; dry-run unless --enforce) on a capture file or a live interface',
    )
    .option('--pcap <file>', 'capture file to stream through the pipeline (.pcap, .pcapng, .gz)')
    .option('--interface <if>', 'network interface to capture live (needs the optional cap package)')
    .option(
      '--auth-log <file>',
      'sshd auth log: read whole with --pcap, followed as it grows with --interface',
    )
    .option('--own-ip <ip>', "the monitored host's address; alerts name the other end of each flow")
    .option(
      '--train <dir>',
      'lab run, or folder of lab runs, to train the detector on at start-up',
      join(SAMPLES, 'lab-train'),
    )
    .option(
      '--auth-poll-ms <ms>',
      'how often a live run looks for new auth log lines (default 250)',
      positiveNumber,
    )
    .option(
      '--models <dir>',
      'load models saved once (src/lab/defend/model-bundle.ts) instead of training at start-up',
    )
    .option('--detector <name>', 'detector to run', DEFAULT_DETECTOR)
    .option('--alerts', 'print every alert, not only decisions')
    .option('--seconds <n>', 'stop a live run after this long', positiveNumber)
    .option(
      '--config <file>',
      'decision/response config (YAML: profiles, allowlist, firewall); default: the embedded dry-run profiles',
    )
    .option(
      '--enforce',
      "apply decisions with the config's firewall backend (without it, a config with a firewall is refused)",
    )
    .action(async (opts: RunOptions) => {
      await run(opts);
    });
}

function describeRecord(r: PipelineRecord, alerts: boolean): string | undefined {
  switch (r.kind) {
    case 'alert':
      return alerts
        ? `alert ${r.alert.category} ${r.alert.entity.value} -> ${r.alert.target ?? '?'} score ${r.alert.score.toFixed(2)} (${r.alert.detector})`
        : undefined;
    case 'decision':
      return `decision ${r.decision.id}: ${r.decision.action} ${r.decision.target} for ${r.decision.ttlSeconds} s${r.decision.dryRun ? ' (dry-run)' : ''}: ${r.decision.reason.replace(/; alerts .*$/, '')}`;
    case 'action':
      return `action ${r.result.decisionId}: ${r.result.status} by ${r.result.backend}${r.result.detail ? ` (${r.result.detail})` : ''}`;
    default:
      return undefined;
  }
}

async function run(opts: RunOptions): Promise<void> {
  if ((opts.pcap === undefined) === (opts.interface === undefined))
    throw new Error('give exactly one of --pcap FILE or --interface IF');
  // Before any start-up work, so a wrong --train fails at once, naming the folder.
  if (opts.models === undefined) await labRunDirs(opts.train);
  const say = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  const response = await responseFromConfig(opts, say);
  let models;
  if (opts.models !== undefined) {
    say(`loading models from ${opts.models}`);
    models = await (await import('../../lab/defend/model-bundle.js')).loadTrainedModels(opts.models);
  } else {
    say(`training ${opts.detector} on ${opts.train}`);
    models = (await trainOnLabRun(opts.train, { detectors: [opts.detector] })).models;
  }
  const agent = { name: 'agent', ...(opts.ownIp ? { ownIp: opts.ownIp } : {}) };
  const counts = { flows: 0, alerts: 0, decisions: 0 };
  const pipeline = createEmbeddedRun({
    models,
    detector: opts.detector,
    agents: [agent],
    keepVerdicts: false,
    ...(response ? { response: response.config, respond: response.respond } : {}),
    onRecord: (r) => {
      if (r.kind === 'flows') counts.flows += r.batch.flows.length;
      if (r.kind === 'alert') counts.alerts++;
      if (r.kind === 'decision') counts.decisions++;
      const line = describeRecord(r, opts.alerts === true);
      if (line !== undefined) process.stdout.write(`${line}\n`);
    },
  });
  let summary: FeedSummary;
  // The response side is closed on failure too: its `nft -i` session is a child process that would
  // otherwise keep an agent whose capture could not start alive, enforcing nothing.
  try {
    if (opts.pcap !== undefined) {
      const events = opts.authLog === undefined ? [] : (await readAuthLog(opts.authLog)).events;
      summary = await feedCaptureFile(pipeline, agent.name, readCapture(opts.pcap), events);
    } else {
      const { openLiveCapture } = await import('../../acquisition/live/index.js');
      const abort = new AbortController();
      process.once('SIGINT', () => abort.abort());
      const timer =
        opts.seconds !== undefined ? setTimeout(() => abort.abort(), opts.seconds * 1000) : undefined;
      say(`capturing on ${opts.interface}; Ctrl-C stops`);
      try {
        const frames = openLiveCapture({ device: opts.interface!, signal: abort.signal });
        const logs =
          opts.authLog === undefined
            ? undefined
            : tailLogEvents(opts.authLog, {
                signal: abort.signal,
                ...(opts.authPollMs !== undefined ? { pollMs: opts.authPollMs } : {}),
              });
        summary = await feedLive(pipeline, agent.name, frames, logs);
      } finally {
        if (timer) clearTimeout(timer);
      }
    }
  } finally {
    await response?.close();
  }
  say(
    `${summary.frames} frames, ${summary.logEvents} log events, ${counts.flows} flows, ${counts.alerts} alerts, ${counts.decisions} decisions (${response && !isDryRun(response.config) ? 'enforced' : 'dry-run'})` +
      (summary.anomalies.size > 0
        ? `; decode anomalies: ${[...summary.anomalies].map(([k, v]) => `${k} x${v}`).join(', ')}`
        : '') +
      (summary.logError ? `; auth log: ${summary.logError}` : ''),
  );
}

/**
 * A response config from --config: with a firewall section it enforces, which needs --enforce;
 * decisions, results and the firewall's state then go through the response side (store, backend,
 * notifiers) exactly as `vigil decisions` sees them.
 */
async function responseFromConfig(
  opts: RunOptions,
  say: (line: string) => void,
): Promise<{ config: ResponseConfig; respond: Responder; close: () => Promise<void> } | undefined> {
  if (opts.config === undefined) {
    if (opts.enforce) throw new Error('--enforce needs --config FILE with a firewall section');
    return undefined;
  }
  const config = loadResponseConfig(opts.config);
  if (!isDryRun(config) && !opts.enforce) {
    throw new Error(
      `${opts.config} configures the ${config.firewall!.backend} firewall; add --enforce to apply decisions, or remove the firewall section to stay dry-run`,
    );
  }
  const { DecisionStore } = await import('../../store/decision-store.js');
  const { createResponse } = await import('../../response/registry.js');
  const store = new DecisionStore(config.store.path);
  const { dispatcher, backend } = createResponse(config, store, { log: say });
  await backend.init();
  say(
    `response: ${isDryRun(config) ? 'dry-run' : `${config.firewall!.backend}, ENFORCING`}; decisions stored in ${config.store.path}`,
  );
  // Decisions and the periodic tick take turns on the backend (one commit at a time).
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const next = turn.then(work);
    turn = next.catch(() => undefined);
    return next;
  };
  const targets = new Map<string, string>();
  const reported = new Map<string, number>();
  // The dispatcher's periodic work: end decisions whose TTL ran out, and read the firewall's counters
  // back as each enforced decision's effect (stored as feedback; printed when a count moves).
  const tick = async (): Promise<void> => {
    const now = Date.now() * 1000;
    await dispatcher.expire(now);
    for (const r of await dispatcher.measureEffects(now)) {
      const packets = r.effect?.packets ?? 0;
      if (reported.get(r.decisionId) === packets) continue;
      reported.set(r.decisionId, packets);
      process.stdout.write(
        `effect ${r.decisionId}: ${targets.get(r.decisionId) ?? '?'} ${packets} packets dropped (${r.backend})\n`,
      );
    }
  };
  const timer = setInterval(() => {
    inTurn(tick).catch((err: unknown) =>
      say(`response tick: ${err instanceof Error ? err.message : String(err)}`),
    );
  }, RESPONSE_TICK_MS);
  return {
    config,
    respond: (decisions, now) => {
      for (const d of decisions) targets.set(d.id, `${d.action} ${d.target}`);
      return inTurn(() => dispatcher.handle(decisions, now));
    },
    close: async () => {
      clearInterval(timer);
      // A last reading, so the final counts are stored and printed before the table may be removed.
      await inTurn(tick).catch((err: unknown) =>
        say(`response tick: ${err instanceof Error ? err.message : String(err)}`),
      );
      await backend.shutdown();
      store.close();
    },
  };
}

/** How often `vigil run` reads the firewall's counters back and ends expired decisions. */
const RESPONSE_TICK_MS = 2000;
