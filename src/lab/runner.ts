/**
 * `vigil lab run SCENARIO`: captures on every victim, runs the scenario's steps in order (background
 * steps alongside), then writes the ground truth: labels.json, the victim pcaps, the stamped sshd
 * auth logs and nginx access logs of the run, and flows.csv (every flow with its label).
 *
 * Run directory:
 *   labels.json          steps with windows, addresses, category, tool (labels.ts)
 *   <victim>.pcap        victim-side capture (tcpdump in the victim's namespace)
 *   <victim>-auth.log    sshd log lines of the run, stamped on arrival (stamp.ts)
 *   <victim>-access.log  nginx access log lines of the run
 *   flows.csv            labelled flows (flow-export.ts; rule in flow-label.ts)
 *   tools/               each step's output, wordlists, curl configs, tcpdump logs
 */
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname, release } from 'node:os';
import { join } from 'node:path';
import { makeRng, subSeed } from '../util/random.js';
import { VictimCapture, type CaptureCounters } from './capture.js';
import { isoFromMicros, nowMicros } from './clock.js';
import type { DefenderLauncher, RunningDefender } from './defender.js';
import { LabError } from './errors.js';
import { exportLabelledFlows, type FlowExportSummary } from './flow-export.js';
import { DEFAULT_SLACK_MICROS, LABELS_FILE, type RunLabels, type StepLabel } from './labels.js';
import { copyTail, fileSize } from './log-slice.js';
import { WORDLISTS_DIR } from './paths.js';
import type { Scenario, ScenarioStep } from './scenario.js';
import { victimPaths } from './service-config.js';
import type { LabState } from './state.js';
import { CommandRunner, type CommandResult } from './step-exec.js';
import { toolCatalog, type ToolContext } from './tools/index.js';
import { HOST_IFACE, hostNamespace, type LabConfig, type LabHost } from './topology.js';

export interface RunOptions {
  outDir: string;
  /** Starts an agent in each victim namespace (the --defend hook; see defender.ts). */
  defender?: DefenderLauncher;
  /** Stops the run early: live commands are stopped, the labels say `aborted`. */
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Seconds of quiet capture before the first step and after the last. @default 1 */
  marginSeconds?: number;
  /**
   * Awaited before each foreground step starts (the --defend measurement resets its agents there, so
   * each attack meets a victim that has not blocked its source yet). Background steps go on meanwhile.
   */
  beforeStep?: (step: ScenarioStep, index: number) => Promise<void>;
}

export interface RunResult {
  outDir: string;
  labels: RunLabels;
  flows?: FlowExportSummary;
  flowExportError?: string;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function configOf(state: LabState): LabConfig {
  return { prefix: state.prefix, stateDir: state.stateDir, prefixLength: state.prefixLength, hosts: state.hosts };
}

async function commonPasswords(): Promise<string[]> {
  const text = await readFile(join(WORDLISTS_DIR, 'ssh-common.txt'), 'utf8');
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

function histogram(results: CommandResult[]): Record<string, number> {
  const h: Record<string, number> = {};
  for (const r of results) h[String(r.exitCode)] = (h[String(r.exitCode)] ?? 0) + 1;
  return h;
}

class ScenarioRun {
  private readonly runner = new CommandRunner();
  private readonly cfg: LabConfig;
  private readonly toolDir: string;

  constructor(
    private readonly state: LabState,
    private readonly scenario: Scenario,
    private readonly opts: RunOptions,
    private readonly passwords: string[],
  ) {
    this.cfg = configOf(state);
    this.toolDir = join(opts.outDir, 'tools');
  }

  private host(name: string): LabHost {
    const h = this.state.hosts.find((x) => x.name === name);
    if (!h) throw new LabError(`scenario names host '${name}', which the running lab does not have`);
    return h;
  }

  private get aborted(): boolean {
    return this.opts.signal?.aborted ?? false;
  }

  stopAll(): Promise<void> {
    return this.runner.stopAll();
  }

  async step(step: ScenarioStep, index: number): Promise<StepLabel> {
    const tool = toolCatalog[step.tool]!;
    const source = this.host(step.source);
    const targets = step.targets.map((t) => this.host(t));
    const ctx: ToolContext = {
      source, targets, user: this.state.user, toolDir: this.toolDir, stepId: step.id,
      maxSeconds: step.maxSeconds, commonPasswords: this.passwords,
    };
    const plan = tool.plan(step.parsedParams, ctx);
    for (const [file, body] of Object.entries(plan.files ?? {})) await writeFile(file, body, { mode: 0o600 });
    const ns = hostNamespace(this.cfg, source.name);
    const logFd = openSync(join(this.toolDir, `${step.id}.log`), 'a');
    const startMicros = nowMicros();
    const results: CommandResult[] = [];
    try {
      if (plan.mode === 'parallel') {
        results.push(...(await Promise.all(plan.commands.map((c) => this.runner.run(ns, c, step.maxSeconds, { logFd, cwd: this.toolDir })))));
      } else {
        const rng = makeRng(subSeed(this.scenario.seed, index));
        const deadline = startMicros + step.maxSeconds * 1e6;
        for (let i = 0; i < plan.count && !this.aborted; i++) {
          const left = (deadline - nowMicros()) / 1e6;
          // Not worth starting a call the step bound would cut short.
          if (left < 1) break;
          results.push(await this.runner.run(ns, plan.command(i, rng), Math.min(plan.perCallSeconds, left), { logFd, cwd: this.toolDir }));
          const pause = plan.intervalMs * (0.5 + rng());
          await abortableSleep(Math.min(pause, (deadline - nowMicros()) / 1000), this.opts.signal);
        }
      }
    } finally {
      closeSync(logFd);
    }
    const first = results[0];
    const windowStartMicros = first ? Math.min(...results.map((r) => r.startMicros)) : startMicros;
    const windowEndMicros = first ? Math.max(...results.map((r) => r.endMicros)) : nowMicros();
    const targetPorts = tool.targetPorts(step.parsedParams);
    return {
      id: step.id,
      tool: tool.name,
      kind: tool.kind,
      category: tool.category,
      ...(tool.technique ? { technique: tool.technique } : {}),
      source: { host: source.name, ip: source.ip },
      targets: targets.map((t) => ({ host: t.name, ip: t.ip })),
      ...(targetPorts ? { targetPorts } : {}),
      background: step.background,
      windowStartMicros,
      windowEndMicros,
      windowStart: isoFromMicros(windowStartMicros),
      windowEnd: isoFromMicros(windowEndMicros),
      maxSeconds: step.maxSeconds,
      params: step.parsedParams,
      commands: { argvExample: first?.argv ?? [], runs: results.length, exitCodes: histogram(results) },
      timedOut: results.some((r) => r.timedOut),
    };
  }

  /** Runs the steps in order; background steps start and the next step follows at once. */
  async steps(): Promise<StepLabel[]> {
    const labelled: Promise<StepLabel>[] = [];
    const steps = this.scenario.steps;
    for (let i = 0; i < steps.length && !this.aborted; i++) {
      const step = steps[i]!;
      if (!step.background && this.opts.beforeStep) await this.opts.beforeStep(step, i);
      if (this.aborted) break;
      this.opts.log?.(`step ${step.id}: ${step.tool} ${step.source} -> ${step.targets.join(',')}${step.background ? ' (background)' : ''}`);
      const p = this.step(step, i);
      labelled.push(p);
      if (!step.background) await p;
      // A background step pauses only when it asks to (e.g. benign-only time before the first attack).
      const pause = step.pauseAfterSeconds ?? (step.background ? 0 : this.scenario.gapSeconds);
      if (i < steps.length - 1) await abortableSleep(pause * 1000, this.opts.signal);
    }
    return Promise.all(labelled);
  }
}

function machine(): RunLabels['machine'] {
  return { hostname: hostname(), kernel: release(), node: process.version };
}

export async function runScenario(state: LabState, scenario: Scenario, opts: RunOptions): Promise<RunResult> {
  const log = opts.log ?? (() => undefined);
  const margin = (opts.marginSeconds ?? 1) * 1000;
  if (existsSync(join(opts.outDir, LABELS_FILE))) throw new LabError(`${opts.outDir} already holds a run (labels.json); choose another --out`);
  await mkdir(join(opts.outDir, 'tools'), { recursive: true });
  const cfg = configOf(state);
  const victims = state.hosts.filter((h) => h.role === 'victim');
  const logStarts = new Map<string, { auth: number; access: number }>();
  for (const v of victims) {
    const p = victimPaths(state.stateDir, v.name);
    logStarts.set(v.name, { auth: await fileSize(p.authLog), access: await fileSize(p.nginxAccessLog) });
  }

  const captures = victims.map(
    (v) => new VictimCapture(hostNamespace(cfg, v.name), join(opts.outDir, `${v.name}.pcap`), join(opts.outDir, 'tools', `tcpdump-${v.name}.log`), scenario.capture.snaplen),
  );
  const run = new ScenarioRun(state, scenario, opts, await commonPasswords());
  const onAbort = (): void => void run.stopAll();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const defenders: RunningDefender[] = [];
  const startMicros = nowMicros();
  let steps: StepLabel[];
  const counters: CaptureCounters[] = [];
  try {
    for (const c of captures) await c.start();
    log(`capturing on ${victims.map((v) => v.name).join(', ')}`);
    if (opts.defender) {
      for (const v of victims) {
        defenders.push(
          await opts.defender.start(
            { host: v.name, ip: v.ip, ns: hostNamespace(cfg, v.name), iface: HOST_IFACE, authLogPath: victimPaths(state.stateDir, v.name).authLog },
            opts.outDir,
          ),
        );
      }
    }
    await abortableSleep(margin, opts.signal);
    steps = await run.steps();
    await abortableSleep(margin, opts.signal);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await run.stopAll();
    for (const d of defenders) await d.stop();
    for (const c of captures) counters.push(await c.stop().catch(() => ({})));
  }
  const endMicros = nowMicros();

  const authLogs: RunLabels['authLogs'] = [];
  const accessLogs: RunLabels['accessLogs'] = [];
  for (const v of victims) {
    const p = victimPaths(state.stateDir, v.name);
    const start = logStarts.get(v.name)!;
    authLogs.push({ host: v.name, file: `${v.name}-auth.log`, lines: await copyTail(p.authLog, start.auth, join(opts.outDir, `${v.name}-auth.log`)) });
    accessLogs.push({ host: v.name, file: `${v.name}-access.log`, lines: await copyTail(p.nginxAccessLog, start.access, join(opts.outDir, `${v.name}-access.log`)) });
  }

  const labels: RunLabels = {
    format: 'vigil-lab-labels/1',
    scenario: scenario.name,
    scenarioFile: scenario.file,
    description: scenario.description,
    startMicros,
    endMicros,
    startedAt: isoFromMicros(startMicros),
    endedAt: isoFromMicros(endMicros),
    machine: machine(),
    hosts: state.hosts.map((h) => ({ ...h, ns: hostNamespace(cfg, h.name) })),
    slackMicros: DEFAULT_SLACK_MICROS,
    captures: victims.map((v, i) => ({
      host: v.name,
      ip: v.ip,
      file: `${v.name}.pcap`,
      snaplen: scenario.capture.snaplen,
      ...(counters[i]?.captured !== undefined ? { packetsCaptured: counters[i]!.captured } : {}),
      ...(counters[i]?.droppedByKernel !== undefined ? { packetsDroppedByKernel: counters[i]!.droppedByKernel } : {}),
    })),
    authLogs,
    accessLogs,
    steps,
    aborted: opts.signal?.aborted ?? false,
  };
  await writeFile(join(opts.outDir, LABELS_FILE), `${JSON.stringify(labels, null, 2)}\n`);
  log(`labels: ${join(opts.outDir, LABELS_FILE)}`);

  const result: RunResult = { outDir: opts.outDir, labels };
  try {
    result.flows = await exportLabelledFlows(opts.outDir, labels);
    log(`flows: ${result.flows.flows} labelled (${JSON.stringify(result.flows.byLabel)}) in ${result.flows.file}`);
  } catch (err) {
    // The ground truth above is written; a failing export is reported, not fatal.
    result.flowExportError = err instanceof Error ? err.message : String(err);
    log(`flow export failed: ${result.flowExportError}`);
  }
  return result;
}
