/**
 * Adapter: one defending agent, `vigil run --interface IF --auth-log LOG --config CFG --enforce
 * --alerts` started inside a victim's namespace with `ip netns exec` (which execs node: the child's
 * PID is the agent's). Its stdout lines are stamped with their arrival time into a log file (the
 * printed alerts and decisions carry no time of their own); its stderr goes to a file, and the
 * agent counts as ready once it says it is capturing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { nowMicros } from '../clock.js';
import { LabError } from '../errors.js';
import { sleep } from '../exec.js';
import { pidAlive, pidIsInNamespace } from '../netns.js';
import { PROJECT_ROOT } from '../paths.js';
import { formatStampedLine } from './agent-events.js';

/** The CLI entry as the project's own child-process tests run it (TypeScript through tsx, no build needed). */
const CLI_ENTRY =
  "import('./src/cli/main.ts').then((m) => m.main(['node', 'vigil', ...process.argv.slice(1)]))" +
  ".catch((e) => { process.stderr.write('vigil: ' + e.message + '\\n'); process.exitCode = 1; })";

export interface AgentSpec {
  ns: string;
  iface: string;
  ownIp: string;
  authLogPath: string;
  configPath: string;
  /** Saved models (`--models DIR`) when the CLI can load them; else a lab run to train on at start-up. */
  models?: string;
  train?: string;
  /** Detector the agent runs (named, so a change of `vigil run`'s default does not change the measurement). */
  detector: string;
  /** Stamped stdout lines are appended here; stderr to errFile. */
  eventsFile: string;
  errFile: string;
}

export function agentArgv(spec: AgentSpec): string[] {
  return [
    'ip', 'netns', 'exec', spec.ns,
    process.execPath, '--import', 'tsx', '-e', CLI_ENTRY,
    'run', '--interface', spec.iface, '--auth-log', spec.authLogPath, '--own-ip', spec.ownIp,
    '--config', spec.configPath, '--enforce', '--alerts', '--detector', spec.detector,
    // A brute force makes dozens of attempts a second: the default 250 ms log poll alone lets several more through; a stat every 10 ms costs nothing.
    '--auth-poll-ms', '10',
    ...(spec.models ? ['--models', spec.models] : []),
    ...(spec.train ? ['--train', spec.train] : []),
  ];
}

export class DefendingAgent {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;

  constructor(readonly spec: AgentSpec) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the agent and waits until it captures (training or loading models comes first). */
  async start(timeoutMs = 90_000): Promise<void> {
    const errFd = openSync(this.spec.errFile, 'a');
    const argv = agentArgv(this.spec);
    try {
      this.child = spawn(argv[0]!, argv.slice(1), { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', errFd] });
    } finally {
      closeSync(errFd);
    }
    const child = this.child;
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => appendFileSync(this.spec.eventsFile, `${formatStampedLine(nowMicros(), line)}\n`));
    const errStart = await readFile(this.spec.errFile, 'utf8').then((t) => t.length).catch(() => 0);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const err = (await readFile(this.spec.errFile, 'utf8').catch(() => '')).slice(errStart);
      if (err.includes(`capturing on ${this.spec.iface}`)) return;
      if (child.exitCode !== null) throw new LabError(`defending agent in ${this.spec.ns} exited with ${child.exitCode}: ${err.trim().split('\n').slice(-3).join(' | ')}`);
      await sleep(100);
    }
    await this.stop();
    throw new LabError(`defending agent in ${this.spec.ns} did not start capturing within ${timeoutMs / 1000} s (see ${this.spec.errFile})`);
  }

  /**
   * SIGINT first (vigil run then stops capturing, prints its summary and closes the firewall
   * session), then SIGTERM, then SIGKILL. Only our own child, and only while it still lives in the
   * namespace it was started in (a reused PID is never signalled).
   */
  async stop(): Promise<void> {
    const child = this.child;
    const pid = child?.pid;
    if (!child || pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    for (const [signal, waitMs] of [['SIGINT', 8000], ['SIGTERM', 3000], ['SIGKILL', 2000]] as const) {
      if (!(await pidAlive(pid)) || !(await pidIsInNamespace(pid, this.spec.ns))) break;
      child.kill(signal);
      const done = await Promise.race([this.exited!.then(() => true), sleep(waitMs).then(() => false)]);
      if (done) break;
    }
    await Promise.race([this.exited, sleep(1000)]);
  }
}
