/**
 * The lab's shape: which hosts exist, their role and address, and the names derived from a prefix.
 * Pure data. Every name the lab creates (namespaces, the test user) starts with the prefix, so
 * `down` and the tests can remove exactly what `up` made and nothing else.
 */
export type HostRole = 'attacker' | 'victim' | 'client';

export interface LabHost {
  /** Short name used by scenarios (atk1, vic1, cli1). */
  name: string;
  role: HostRole;
  ip: string;
}

export interface LabConfig {
  /** Prefix of every namespace and of the test user, e.g. 'vl-'. */
  prefix: string;
  /** Where the lab keeps its state file, daemon configs and logs. */
  stateDir: string;
  /** /24 prefix length of the lab subnet; addresses exist only inside the lab's namespaces. */
  prefixLength: number;
  hosts: LabHost[];
}

/** 10.77.0.0/24: private, and only ever configured inside the lab's own namespaces. */
export const DEFAULT_HOSTS: LabHost[] = [
  { name: 'atk1', role: 'attacker', ip: '10.77.0.66' },
  { name: 'atk2', role: 'attacker', ip: '10.77.0.67' },
  { name: 'vic1', role: 'victim', ip: '10.77.0.11' },
  { name: 'vic2', role: 'victim', ip: '10.77.0.12' },
  { name: 'cli1', role: 'client', ip: '10.77.0.101' },
  { name: 'cli2', role: 'client', ip: '10.77.0.102' },
];

export function defaultLabConfig(overrides: Partial<LabConfig> = {}): LabConfig {
  return { prefix: 'vl-', stateDir: '/run/vigil-lab', prefixLength: 24, hosts: DEFAULT_HOSTS, ...overrides };
}

/** Interface name inside every host namespace. */
export const HOST_IFACE = 'eth0';
/** Bridge name inside the bridge namespace. */
export const BRIDGE = 'br0';

/** Ports of the victims' services. */
export const SERVICE_PORTS = { http: 80, httpAlt: 8080, ssh: 22 } as const;

export function bridgeNamespace(cfg: LabConfig): string {
  return `${cfg.prefix}br`;
}

export function hostNamespace(cfg: LabConfig, host: string): string {
  return `${cfg.prefix}${host}`;
}

/** Bridge-side end of a host's veth; lives in the bridge namespace, so it never collides with the host's links. */
export function bridgePortName(host: string): string {
  return `v-${host}`.slice(0, 15);
}

export function labUserName(cfg: LabConfig): string {
  return `${cfg.prefix}labuser`;
}

export function allNamespaces(cfg: LabConfig): string[] {
  return [bridgeNamespace(cfg), ...cfg.hosts.map((h) => hostNamespace(cfg, h.name))];
}

export function findHost(cfg: LabConfig, name: string): LabHost | undefined {
  return cfg.hosts.find((h) => h.name === name);
}

export function hostsWithRole(cfg: LabConfig, role: HostRole): LabHost[] {
  return cfg.hosts.filter((h) => h.role === role);
}
