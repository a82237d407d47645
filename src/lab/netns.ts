/**
 * Adapter: the lab's network. One namespace holds a bridge; each lab host is a namespace with one veth
 * whose other end is created directly inside the bridge namespace, so no link, address or route ever
 * appears in the host's own namespace. IPv6 is switched off in every lab namespace to cut noise.
 */
import { readFile } from 'node:fs/promises';
import { run, runIn } from './exec.js';
import {
  BRIDGE,
  HOST_IFACE,
  allNamespaces,
  bridgeNamespace,
  bridgePortName,
  hostNamespace,
  type LabConfig,
} from './topology.js';

export async function listNamespaces(): Promise<string[]> {
  const { stdout } = await run(['ip', 'netns', 'list']);
  // Lines look like "name (id: 3)" or just "name".
  return stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n !== '');
}

/** Namespaces named with this lab's prefix that exist now. */
export async function existingLabNamespaces(cfg: LabConfig): Promise<string[]> {
  const wanted = new Set(allNamespaces(cfg));
  return (await listNamespaces()).filter((n) => wanted.has(n));
}

async function disableIpv6(ns: string): Promise<void> {
  await runIn(ns, ['sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
}

export async function createNetwork(cfg: LabConfig): Promise<void> {
  const brNs = bridgeNamespace(cfg);
  for (const ns of allNamespaces(cfg)) {
    await run(['ip', 'netns', 'add', ns]);
    await disableIpv6(ns);
    await run(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
  }
  await run(['ip', '-n', brNs, 'link', 'add', BRIDGE, 'type', 'bridge']);
  await run(['ip', '-n', brNs, 'link', 'set', BRIDGE, 'up']);
  for (const host of cfg.hosts) {
    const ns = hostNamespace(cfg, host.name);
    const port = bridgePortName(host.name);
    await run(['ip', '-n', brNs, 'link', 'add', port, 'type', 'veth', 'peer', 'name', HOST_IFACE, 'netns', ns]);
    await run(['ip', '-n', brNs, 'link', 'set', port, 'master', BRIDGE, 'up']);
    await run(['ip', '-n', ns, 'addr', 'add', `${host.ip}/${cfg.prefixLength}`, 'dev', HOST_IFACE]);
    await run(['ip', '-n', ns, 'link', 'set', HOST_IFACE, 'up']);
  }
}

/** Deletes the namespaces of this lab that exist; deleting a namespace removes its veths with it. */
export async function deleteNetwork(cfg: LabConfig): Promise<string[]> {
  const present = await existingLabNamespaces(cfg);
  for (const ns of present) await run(['ip', 'netns', 'del', ns]);
  return present;
}

/** PIDs of processes living in a namespace (`ip netns pids`). */
export async function pidsInNamespace(ns: string): Promise<number[]> {
  const { stdout } = await run(['ip', 'netns', 'pids', ns]);
  return stdout
    .split('\n')
    .map((l) => Number.parseInt(l.trim(), 10))
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** Names of the namespaces a PID is in (`ip netns identify`); empty when the PID is gone or elsewhere. */
export async function namespacesOfPid(pid: number): Promise<string[]> {
  try {
    const { stdout } = await run(['ip', 'netns', 'identify', String(pid)]);
    return stdout.split(/\s+/).filter((s) => s !== '');
  } catch {
    return [];
  }
}

export async function pidIsInNamespace(pid: number, ns: string): Promise<boolean> {
  return (await namespacesOfPid(pid)).includes(ns);
}

/** True when the PID exists and is not a zombie (a zombie has exited; only its parent's wait is missing). */
export async function pidAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name (which may itself contain spaces or parens).
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
