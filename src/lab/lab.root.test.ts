/**
 * The lab end to end, as root: build it, run the short scenario, check the labels against the victim
 * pcaps and auth logs, tear it down, and check nothing is left (namespace, process, user, state).
 * Uses its own prefix and state dir, so a lab a developer has up is not touched.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabAlreadyUpError } from './errors.js';
import { isRoot } from './exec.js';
import { labDown, labUp } from './lab.js';
import { listNamespaces, pidAlive } from './netns.js';
import { runScenario, type RunResult } from './runner.js';
import { loadScenario } from './scenario.js';
import { allNamespaces, defaultLabConfig, labUserName } from './topology.js';
import { verifyRun } from './verify-run.js';

const TOOLS = ['ip', 'nmap', 'hping3', 'hydra', 'curl', 'ssh', 'sshpass', 'sshd', 'tcpdump', 'nginx', 'python3', 'timeout'];
const missing = TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t} || test -x /usr/sbin/${t}`]).status !== 0);
const skipReason = !isRoot()
  ? 'needs root (network namespaces, daemons, a test user)'
  : missing.length > 0
    ? `needs the lab tools (missing: ${missing.join(', ')}); run scripts/lab-tools.sh as root`
    : spawnSync('ip', ['netns', 'list']).status !== 0
      ? 'needs `ip netns` (iproute2 with network namespace support)'
      : undefined;
if (skipReason) console.warn(`lab root test skipped: ${skipReason}`);

const cfg = defaultLabConfig({ prefix: 'vlt-', stateDir: '/run/vigil-lab-test' });

/** Command lines of every process, to find anything the lab started that outlived `down`. */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(needle) && !/\bZ\b/.test(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.slice(0, 1) ?? '')) found.push(`${pid}: ${cmd}`);
    } catch {
      // gone while we looked
    }
  }
  return found;
}

describe.skipIf(skipReason !== undefined)('vigil lab, end to end (root)', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'vigil-lab-run-'));
  let cleaned = false;

  afterAll(async () => {
    if (!cleaned) await labDown(cfg).catch(() => undefined);
    rmSync(outDir, { recursive: true, force: true });
  });

  it('builds the lab, runs the short scenario, labels match the pcaps, and down leaves nothing', async () => {
    const up = await labUp(cfg);
    const pids = up.state.daemons.map((d) => d.pid);
    expect(up.state.daemons.map((d) => d.role).sort()).toEqual(
      ['http-alt', 'http-alt', 'nginx', 'nginx', 'sshd', 'sshd', 'sshd-stamper', 'sshd-stamper'],
    );
    expect((await listNamespaces()).filter((n) => n.startsWith(cfg.prefix)).sort()).toEqual(allNamespaces(cfg).sort());

    let result: RunResult;
    try {
      const scenario = await loadScenario('short', { ...cfg, hosts: up.state.hosts });
      result = await runScenario(up.state, scenario, { outDir, marginSeconds: 0.5 });
    } finally {
      const down = await labDown(cfg);
      cleaned = true;
      // Every daemon ended by SIGTERM (or had already ended); the list names any that did not, and how.
      expect(down.daemons.filter((d) => d.outcome !== 'stopped' && d.outcome !== 'gone')).toEqual([]);
    }

    // Nothing left: namespaces, processes (recorded or not), the user and its group, the state dir.
    expect((await listNamespaces()).filter((n) => n.startsWith(cfg.prefix))).toEqual([]);
    for (const pid of pids) expect(await pidAlive(pid), `pid ${pid}`).toBe(false);
    expect(processesMentioning(cfg.stateDir)).toEqual([]);
    expect(processesMentioning(outDir)).toEqual([]);
    expect(spawnSync('getent', ['passwd', labUserName(cfg)]).status).not.toBe(0);
    expect(spawnSync('getent', ['group', labUserName(cfg)]).status).not.toBe(0);
    expect(existsSync(cfg.stateDir)).toBe(false);

    // Ground truth files.
    const labels = result.labels;
    expect(labels.steps.map((s) => s.id)).toEqual(['browse', 'ssh-use', 'scan', 'syn-flood', 'brute']);
    for (const f of ['labels.json', 'vic1.pcap', 'vic2.pcap', 'vic1-auth.log', 'vic2-auth.log', 'flows.csv']) expect(existsSync(join(outDir, f)), f).toBe(true);
    for (const c of labels.captures) expect(c.packetsDroppedByKernel ?? 0).toBe(0);
    // Attack windows are in order and do not overlap (the steps run one after another).
    const attacks = labels.steps.filter((s) => s.kind === 'attack');
    for (let i = 1; i < attacks.length; i++) expect(attacks[i]!.windowStartMicros).toBeGreaterThan(attacks[i - 1]!.windowEndMicros);

    // Labels against the evidence.
    const v = await verifyRun(outDir);
    expect(v.attackStepsWithoutPackets).toEqual([]);
    expect(v.attackerPacketsOutsideWindows).toBe(0);
    expect(v.attackerAuthLinesOutsideWindows).toBe(0);
    const byId = new Map(v.steps.map((s) => [s.stepId, s]));
    // The flood sent 1500 SYNs; the victim saw each of them inside the window (plus replies and resets).
    expect(byId.get('syn-flood')!.packetsInWindow.vic1).toBeGreaterThanOrEqual(1500);
    // nmap probed 200 ports on each victim.
    expect(byId.get('scan')!.packetsInWindow.vic1).toBeGreaterThanOrEqual(200);
    expect(byId.get('scan')!.packetsInWindow.vic2).toBeGreaterThanOrEqual(200);
    // hydra failed before it found the password (7th of 8), and sshd logged it in the window.
    expect(byId.get('brute')!.authFailuresInWindow).toBeGreaterThanOrEqual(4);
    expect(byId.get('brute')!.authFailuresInWindow).toBeLessThanOrEqual(8 + 4);
    expect(byId.get('ssh-use')!.authLinesInWindow).toBeGreaterThan(0);
    expect(byId.get('ssh-use')!.authFailuresInWindow).toBe(0);

    // The labelled flow export: every step's flows are there, and almost nothing is unknown.
    expect(result.flowExportError).toBeUndefined();
    const flows = result.flows!;
    expect(flows.byCategory.scan).toBeGreaterThanOrEqual(400);
    expect(flows.byCategory.flood).toBeGreaterThanOrEqual(1400);
    expect(flows.byCategory['brute-force']).toBeGreaterThanOrEqual(2);
    expect(flows.byLabel.benign).toBeGreaterThanOrEqual(20);
    expect(flows.byLabel.unknown ?? 0).toBeLessThanOrEqual(flows.flows * 0.01);
  });

  it('refuses a second `up`, stops an interrupted run cleanly, and still leaves nothing', async () => {
    const up = await labUp(cfg);
    cleaned = false;
    const abortDir = join(outDir, 'aborted');
    let result: RunResult;
    try {
      await expect(labUp(cfg)).rejects.toBeInstanceOf(LabAlreadyUpError);
      // The refused `up` left the running lab alone.
      for (const d of up.state.daemons) expect(await pidAlive(d.pid), `${d.role}@${d.host}`).toBe(true);
      const scenario = await loadScenario('short', { ...cfg, hosts: up.state.hosts });
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 4000);
      const t0 = Date.now();
      result = await runScenario(up.state, scenario, { outDir: abortDir, signal: abort.signal, marginSeconds: 0.5 });
      // Stopped within a few seconds of the interruption, not at the scenario's end (~20 s).
      expect(Date.now() - t0).toBeLessThan(12_000);
    } finally {
      await labDown(cfg);
      cleaned = true;
    }
    expect(result.labels.aborted).toBe(true);
    expect(existsSync(join(abortDir, 'vic1.pcap'))).toBe(true);
    expect(processesMentioning(abortDir)).toEqual([]);
    expect(processesMentioning(cfg.stateDir)).toEqual([]);
    expect((await listNamespaces()).filter((n) => n.startsWith(cfg.prefix))).toEqual([]);
    expect(spawnSync('getent', ['passwd', labUserName(cfg)]).status).not.toBe(0);
  });
});
