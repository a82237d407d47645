/**
 * The response config each defending agent runs with (YAML for `vigil run --config`): nftables in
 * the agent's own namespace, one block profile per attack category the lab's detectors name, the
 * minimum scores of the project's example config (src/decision/examples/response.yaml). Benign
 * clients are NOT allowlisted: they stay unblocked only if detection leaves them alone. The
 * allowlist holds only the lab's bridge-side reserved address (.1, the gateway slot; no host uses it).
 */
import type { LabState } from '../state.js';

export interface DefendConfigOptions {
  storePath: string;
  /** nftables table in the victim's namespace. @default 'vigil' */
  table?: string;
}

export const DEFEND_TABLE = 'vigil';

/** The gateway slot of the lab's private range (10.77.0.1 for 10.77.0.0/24); nothing in the lab may block it. */
export function gatewayAddress(state: Pick<LabState, 'hosts'>): string {
  const any = state.hosts[0]?.ip ?? '10.77.0.11';
  return `${any.split('.').slice(0, 3).join('.')}.1`;
}

export function defendConfigYaml(state: Pick<LabState, 'hosts'>, opts: DefendConfigOptions): string {
  return [
    '# Written by `vigil lab run --defend` for one agent life (src/lab/defend/defend-config.ts).',
    'allowlist:',
    `  - ${gatewayAddress(state)}/32 # the lab's gateway slot; benign clients are deliberately not here`,
    'firewall:',
    '  backend: nftables',
    `  table: ${opts.table ?? DEFEND_TABLE}`,
    '  session: true # one long-lived nft -i: no process start per decision',
    'correlation: { duplicateWindow: 30s, entityIdle: 1h }',
    'escalation: { factor: 1, maxTtl: 1h }',
    'profiles:',
    // Thresholds: a few alerts in a short window, so one stray false alarm never blocks a client.
    '  - { name: ssh-brute-force, match: { categories: [brute-force], minScore: 0.8 }, threshold: { count: 1, window: 60s }, action: block, ttl: 10m }',
    '  - { name: scan, match: { categories: [scan], minScore: 0.5 }, threshold: { count: 5, window: 10s }, action: block, ttl: 10m }',
    '  - { name: flood, match: { categories: [flood], minScore: 0.9 }, threshold: { count: 5, window: 10s }, action: block, ttl: 10m }',
    '  - { name: slow-dos, match: { categories: [slow-dos], minScore: 0.9 }, threshold: { count: 3, window: 60s }, action: block, ttl: 10m }',
    // Volume: a flood is many flagged flows in little time, whatever each one's score. The minimum
    // scores above let through an HTTP flood scored 0.5-0.89 (full run, 2026-11-26); benign clients
    // made at most 4 flagged flows in 2 s in those runs, the attacks 124 and more.
    '  - { name: flood-volume, match: { categories: [flood, slow-dos, scan], minScore: 0.5 }, threshold: { count: 50, window: 2s }, action: block, ttl: 10m }',
    `store: { path: ${JSON.stringify(opts.storePath)} }`,
    '',
  ].join('\n');
}
