/**
 * Adapter: the victim-side capture, tcpdump on the victim's interface inside its namespace. Started
 * before the first step and stopped with SIGINT (so it flushes and prints its counters) after the last.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { LabError } from './errors.js';
import { sleep } from './exec.js';
import { pidAlive, pidIsInNamespace } from './netns.js';
import { HOST_IFACE } from './topology.js';

export interface CaptureCounters {
  captured?: number;
  receivedByFilter?: number;
  droppedByKernel?: number;
}

/** Reads tcpdump's closing counters ("N packets captured", ...) from its stderr. */
export function parseTcpdumpCounters(stderr: string): CaptureCounters {
  const num = (re: RegExp): number | undefined => {
    const m = re.exec(stderr);
    return m ? Number(m[1]) : undefined;
  };
  return {
    captured: num(/(\d+) packets? captured/),
    receivedByFilter: num(/(\d+) packets? received by filter/),
    droppedByKernel: num(/(\d+) packets? dropped by kernel/),
  };
}

export class VictimCapture {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(
    readonly ns: string,
    readonly file: string,
    readonly logFile: string,
    readonly snaplen: number,
  ) {}

  async start(timeoutMs = 5000): Promise<void> {
    const fd = openSync(this.logFile, 'a');
    try {
      // -U: write each packet as it comes, so a killed run still leaves a readable file.
      // -Z root: stay root; the output lives in a root-owned run directory.
      const argv = ['ip', 'netns', 'exec', this.ns, 'tcpdump', '-i', HOST_IFACE, '-n', '-U', '-Z', 'root', '-s', String(this.snaplen), '-w', this.file];
      this.child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    const child = this.child;
    this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const log = await readFile(this.logFile, 'utf8').catch(() => '');
      if (log.includes('listening on')) return;
      if (child.exitCode !== null) break;
      await sleep(50);
    }
    await this.stop();
    throw new LabError(`tcpdump did not start in ${this.ns}; see ${this.logFile}`);
  }

  /** SIGINT, then SIGKILL if it has not flushed and exited within 5 s. Returns tcpdump's counters. */
  async stop(): Promise<CaptureCounters> {
    const child = this.child;
    if (child?.pid !== undefined && child.exitCode === null && (await pidAlive(child.pid)) && (await pidIsInNamespace(child.pid, this.ns))) {
      child.kill('SIGINT');
      const killed = await Promise.race([this.exited!.then(() => false), sleep(5000).then(() => true)]);
      if (killed && child.exitCode === null) child.kill('SIGKILL');
    }
    await this.exited;
    return parseTcpdumpCounters(await readFile(this.logFile, 'utf8').catch(() => ''));
  }
}
