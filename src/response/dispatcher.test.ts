import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseResponseConfig } from '../decision/config.js';
import { DecisionStore } from '../store/decision-store.js';
import { ALLOWLIST, decision } from './backend.case.js';
import { ResponseDispatcher } from './dispatcher.js';
import { DryRunBackend } from './dry-run/dry-run-backend.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-dispatch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const S = 1_000_000;

function setup(name: string) {
  const log: string[] = [];
  const store = new DecisionStore(join(dir, `${name}.db`));
  const enforcing = new DryRunBackend({
    allowlist: ALLOWLIST,
    maxNewBlocksPerMinute: 100,
    log: (l) => log.push(`fw ${l}`),
  });
  const dry = new DryRunBackend({
    allowlist: ALLOWLIST,
    maxNewBlocksPerMinute: 100,
    log: (l) => log.push(`dry ${l}`),
  });
  const out = join(dir, `${name}.playbook.json`);
  const playbooks = parseResponseConfig(
    `playbooks:\n  - { name: isolate, command: [/bin/sh, -c, 'cat > ${out}'], timeout: 5s }\n`,
  ).playbooks;
  const d = new ResponseDispatcher({
    backend: enforcing,
    dryRunBackend: dry,
    notifiers: [],
    playbooks,
    store,
  });
  return { d, store, log, out, enforcing };
}

describe('ResponseDispatcher', () => {
  it('persists decisions with their results, routes dry-run decisions away from the firewall, runs playbooks', async () => {
    const { d, store, log, out } = setup('route');
    const block = decision('10.50.0.1', { createdMicros: 0 });
    const dryBlock = decision('10.50.0.2', { createdMicros: 0, dryRun: true });
    const refused = decision('10.203.250.5', { createdMicros: 0 });
    const escalate = decision('10.50.0.3', { createdMicros: 0, action: 'escalate' });
    const results = await d.handle([block, dryBlock, refused, escalate], 0);
    expect(results.map((r) => [r.decisionId, r.backend, r.status])).toEqual([
      [refused.id, 'dry-run', 'refused'],
      [block.id, 'dry-run', 'dry-run'],
      [dryBlock.id, 'dry-run', 'dry-run'],
      [escalate.id, 'playbook:isolate', 'applied'],
    ]);
    expect(log.filter((l) => l.startsWith('fw')).join()).toMatch(/10\.50\.0\.1/);
    expect(log.filter((l) => l.startsWith('dry')).join()).toMatch(/10\.50\.0\.2/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ id: escalate.id, action: 'escalate' });
    expect(store.get(refused.id)?.decision).toEqual(refused);
    expect(store.results(refused.id)[0]?.detail).toMatch(/allowlist/);
    expect(store.feedback(refused.id, S)?.refusedAsAllowlisted).toBe(true);
    store.close();
  });

  it('revokes and expires decisions in the store and the firewall', async () => {
    const { d, store, enforcing } = setup('end');
    const a = decision('10.51.0.1', { createdMicros: 0, ttlSeconds: 10 });
    const b = decision('10.51.0.2', { createdMicros: 0, ttlSeconds: 3600 });
    await d.handle([a, b], 0);
    expect(await d.revoke(b.id, S)).toBe(true);
    expect(await d.revoke(b.id, S)).toBe(false);
    expect(await d.revoke('nope', S)).toBe(false);
    const expired = await d.expire(20 * S);
    expect(expired.map((r) => [r.decisionId, r.status])).toEqual([[a.id, 'expired']]);
    expect(store.get(a.id)?.endStatus).toBe('expired');
    expect(store.get(b.id)?.endStatus).toBe('revoked');
    expect(store.results(b.id).map((r) => r.status)).toEqual(['dry-run', 'revoked']);
    expect(await enforcing.list()).toEqual([]);
    store.close();
  });
});
