/**
 * `vigil lab up | down | status`: builds the topology (netns.ts), the test user, and the victims' real
 * services (nginx, a second HTTP service, sshd with a stamped log), records every daemon's PID in the
 * state file, and takes all of it down again by those records.
 */
import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, startStampedSshd, stopPid, waitForListener, type StopOutcome } from './daemons.js';
import { LabAlreadyUpError, LabError, NotRootError } from './errors.js';
import { isRoot, run } from './exec.js';
import { createLabUser, randomPassword, removeLabUser, userExists } from './lab-user.js';
import { createNetwork, deleteNetwork, existingLabNamespaces, pidAlive, pidIsInNamespace, pidsInNamespace } from './netns.js';
import { LAB_TOOLS_SCRIPT } from './paths.js';
import { nginxConf, sshdConf, victimPaths, webPages } from './service-config.js';
import { readState, removeStateDir, stateFile, writeState, type DaemonRecord, type LabState } from './state.js';
import { SERVICE_PORTS, allNamespaces, hostNamespace, hostsWithRole, labUserName, type LabConfig, type LabHost } from './topology.js';

const RUN_SSHD = '/run/sshd';

export function requireRoot(what: string): void {
  if (!isRoot()) throw new NotRootError(what);
}

/** Runs the idempotent tools installer (installs only what is missing). */
export async function ensureLabTools(): Promise<string> {
  const { stdout } = await run(['bash', LAB_TOOLS_SCRIPT], { timeoutMs: 600_000 });
  return stdout.trim();
}

async function assertNothingLeft(cfg: LabConfig): Promise<void> {
  if (existsSync(stateFile(cfg.stateDir))) throw new LabAlreadyUpError(`state file ${stateFile(cfg.stateDir)} exists`);
  const present = await existingLabNamespaces(cfg);
  if (present.length > 0) throw new LabAlreadyUpError(`namespaces ${present.join(', ')} exist`);
  if (await userExists(labUserName(cfg))) throw new LabAlreadyUpError(`user ${labUserName(cfg)} exists`);
}

async function startVictimServices(cfg: LabConfig, host: LabHost, user: string): Promise<DaemonRecord[]> {
  const ns = hostNamespace(cfg, host.name);
  const p = victimPaths(cfg.stateDir, host.name);
  await mkdir(p.dir, { recursive: true, mode: 0o755 });
  for (const dir of [p.www, p.wwwAlt, p.nginxTemp]) await mkdir(dir, { recursive: true, mode: 0o755 });
  for (const [name, body] of Object.entries(webPages(host.name))) {
    await writeFile(join(p.www, name), body, { mode: 0o644 });
    await writeFile(join(p.wwwAlt, name), body.replaceAll(host.name, `${host.name} (files)`), { mode: 0o644 });
  }
  await writeFile(p.nginxConf, nginxConf(p, host.ip));
  await writeFile(p.sshdConf, sshdConf(p, host.ip, user));
  await run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `vigil-lab-${host.name}`, '-f', p.sshdHostKey]);

  const records: DaemonRecord[] = [];
  const nginxArgv = ['/usr/sbin/nginx', '-c', p.nginxConf, '-p', p.dir, '-e', p.nginxErrorLog, '-g', 'daemon off;'];
  const nginx = startDaemon(ns, nginxArgv, { stdout: p.nginxErrorLog, stderr: p.nginxErrorLog });
  records.push({ role: 'nginx', host: host.name, ns, pid: nginx.pid, argv: nginx.argv });

  const altArgv = ['/usr/bin/python3', '-m', 'http.server', String(SERVICE_PORTS.httpAlt), '--bind', host.ip, '--directory', p.wwwAlt];
  const alt = startDaemon(ns, altArgv, { stdout: p.httpAltLog, stderr: p.httpAltLog });
  records.push({ role: 'http-alt', host: host.name, ns, pid: alt.pid, argv: alt.argv });

  const sshdArgv = ['/usr/sbin/sshd', '-D', '-e', '-f', p.sshdConf];
  const { sshd, stamper } = startStampedSshd(ns, host.name, sshdArgv, { authLog: p.authLog, stamperErr: p.stamperErr });
  records.push({ role: 'sshd', host: host.name, ns, pid: sshd.pid, argv: sshd.argv });
  records.push({ role: 'sshd-stamper', host: host.name, ns, pid: stamper.pid, argv: stamper.argv });
  return records;
}

async function waitForServices(cfg: LabConfig, victims: LabHost[]): Promise<void> {
  for (const v of victims) {
    const ns = hostNamespace(cfg, v.name);
    for (const [service, port] of Object.entries(SERVICE_PORTS)) {
      if (!(await waitForListener(ns, v.ip, port, 8000))) {
        throw new LabError(`${service} did not start listening on ${v.ip}:${port} in ${ns}; see the logs in ${victimPaths(cfg.stateDir, v.name).dir}`);
      }
    }
  }
}

export interface UpReport {
  state: LabState;
  tools: string;
  millis: number;
}

/** Builds the lab. On any failure it takes down what it made, then rethrows. */
export async function labUp(cfg: LabConfig): Promise<UpReport> {
  requireRoot('vigil lab up');
  const t0 = Date.now();
  const tools = await ensureLabTools();
  await assertNothingLeft(cfg);
  await mkdir(cfg.stateDir, { recursive: true, mode: 0o755 });
  const state: LabState = {
    format: 'vigil-lab-state/1',
    createdAt: new Date().toISOString(),
    prefix: cfg.prefix,
    stateDir: cfg.stateDir,
    prefixLength: cfg.prefixLength,
    hosts: cfg.hosts,
    user: { name: labUserName(cfg), password: randomPassword(), created: false },
    createdRunSshd: false,
    daemons: [],
  };
  try {
    await writeState(state);
    await createNetwork(cfg);
    await createLabUser(state.user.name, state.user.password);
    state.user.created = true;
    await writeState(state);
    if (!existsSync(RUN_SSHD)) {
      await mkdir(RUN_SSHD, { mode: 0o755 });
      state.createdRunSshd = true;
    }
    const victims = hostsWithRole(cfg, 'victim');
    for (const v of victims) {
      state.daemons.push(...(await startVictimServices(cfg, v, state.user.name)));
      await writeState(state);
    }
    await waitForServices(cfg, victims);
  } catch (err) {
    await labDown(cfg).catch(() => undefined);
    throw err;
  }
  return { state, tools, millis: Date.now() - t0 };
}

export interface DownReport {
  daemons: { role: string; host: string; pid: number; outcome: StopOutcome }[];
  /** Processes found in a lab namespace that were not recorded (e.g. a tool left by a killed run). */
  leftovers: { ns: string; pid: number; outcome: StopOutcome }[];
  namespaces: string[];
  userRemoved: boolean;
}

/** Takes down what the state file records, then anything still living in the lab's own namespaces. */
export async function labDown(cfg: LabConfig): Promise<DownReport> {
  requireRoot('vigil lab down');
  const state = await readState(cfg.stateDir);
  const report: DownReport = { daemons: [], leftovers: [], namespaces: [], userRemoved: false };
  // Stamper after sshd: it exits by itself at EOF once sshd is gone.
  const order = (d: DaemonRecord): number => (d.role === 'sshd-stamper' ? 1 : 0);
  for (const d of [...(state?.daemons ?? [])].sort((a, b) => order(a) - order(b))) {
    report.daemons.push({ role: d.role, host: d.host, pid: d.pid, outcome: await stopPid(d.pid, d.ns) });
  }
  for (const ns of await existingLabNamespaces(cfg)) {
    for (const pid of await pidsInNamespace(ns)) {
      if (await pidAlive(pid)) report.leftovers.push({ ns, pid, outcome: await stopPid(pid, ns, 1000) });
    }
  }
  report.namespaces = await deleteNetwork(cfg);
  report.userRemoved = await removeLabUser(state?.user.name ?? labUserName(cfg));
  if (state?.createdRunSshd) await rmdir(RUN_SSHD).catch(() => undefined);
  await removeStateDir(cfg.stateDir);
  return report;
}

export interface StatusReport {
  up: boolean;
  stateFile: string;
  namespaces: { name: string; present: boolean }[];
  daemons: { role: string; host: string; pid: number; alive: boolean; inNamespace: boolean }[];
  user: { name: string; exists: boolean };
  hosts: LabHost[];
}

export async function labStatus(cfg: LabConfig): Promise<StatusReport> {
  requireRoot('vigil lab status');
  const state = await readState(cfg.stateDir);
  const present = new Set(await existingLabNamespaces(cfg));
  const daemons = [];
  for (const d of state?.daemons ?? []) {
    const alive = await pidAlive(d.pid);
    daemons.push({ role: d.role, host: d.host, pid: d.pid, alive, inNamespace: alive && (await pidIsInNamespace(d.pid, d.ns)) });
  }
  const userName = state?.user.name ?? labUserName(cfg);
  return {
    up: state !== undefined,
    stateFile: stateFile(cfg.stateDir),
    namespaces: allNamespaces(cfg).map((name) => ({ name, present: present.has(name) })),
    daemons,
    user: { name: userName, exists: await userExists(userName) },
    hosts: state?.hosts ?? cfg.hosts,
  };
}

/** Removes a directory we own; used by tests for their temporary state dirs. */
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
