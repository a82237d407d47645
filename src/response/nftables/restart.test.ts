/** A restart re-applies live decisions with their remaining TTL, in a namespace this test creates. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWLIST, decision } from '../backend.case.js';
import { restoreDecisions } from '../restore.js';
import { runCommand } from '../exec.js';
import { createBareNamespace, namespaceSkipReason } from '../testing/netns-lab.js';
import { DecisionStore } from '../../store/decision-store.js';
import { NftablesBackend } from './nftables-backend.js';

const skip = namespaceSkipReason(['nft']);
let ns: { name: string; destroy: () => void } | undefined;
let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-restart-'));
  if (!skip) ns = await createBareNamespace();
});
afterAll(() => {
  ns?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skip !== undefined)(`restart with nftables${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('re-applies live decisions with their remaining TTL, drops expired and revoked ones', async () => {
    const S = 1_000_000;
    const t0 = Date.now() * 1000;
    const make = () =>
      new NftablesBackend({ allowlist: ALLOWLIST, maxNewBlocksPerMinute: 100, netns: ns!.name });
    const store = new DecisionStore(join(dir, 'decisions.db'));
    const live = decision('10.210.0.1', { createdMicros: t0, ttlSeconds: 3600 });
    const forever = decision('10.210.0.2', { createdMicros: t0, ttlSeconds: 0, action: 'quarantine' });
    const expiring = decision('10.210.0.3', { createdMicros: t0, ttlSeconds: 3 });
    const revoked = decision('10.210.0.4', { createdMicros: t0, ttlSeconds: 3600 });
    const limited = decision('10.210.0.5', {
      createdMicros: t0,
      ttlSeconds: 3600,
      action: 'rate-limit',
      rate: 20,
    });
    const all = [live, forever, expiring, revoked, limited];
    store.put(...all);
    const before = make();
    await before.init();
    for (const d of all) before.add(d, t0);
    store.putResults(await before.commit(t0));
    await before.shutdown(); // the agent stops; its table stays in the kernel
    store.end(revoked.id, 'revoked', t0 + S); // an operator revoked one while it was down
    store.close();

    // "Reboot": the kernel forgets everything.
    await runCommand(['ip', 'netns', 'exec', ns!.name, 'nft', 'delete', 'table', 'inet', 'vigil']);
    const later = t0 + 1800 * S; // half an hour later by the store's clock
    const reopened = new DecisionStore(join(dir, 'decisions.db'));
    const after = make();
    const summary = await restoreDecisions(reopened, after, later);
    expect(summary).toMatchObject({ reapplied: 3, expired: 1, stale: 0 });
    const listed = await after.list();
    expect(listed.map((e) => [e.action, e.target]).sort()).toEqual([
      ['block', '10.210.0.1'],
      ['quarantine', '10.210.0.2'],
      ['rate-limit', '10.210.0.5'],
    ]);
    const remaining = listed.find((e) => e.target === '10.210.0.1')?.expiresInSeconds ?? 0;
    expect(remaining).toBeGreaterThan(1790);
    expect(remaining).toBeLessThanOrEqual(1800);
    expect(listed.find((e) => e.target === '10.210.0.2')?.expiresInSeconds).toBeUndefined();
    expect(reopened.get(expiring.id)?.endStatus).toBe('expired');

    // Restart without losing the kernel table: a decision revoked meanwhile is removed as stale.
    reopened.end(live.id, 'revoked', later);
    const again = await restoreDecisions(reopened, make(), later);
    expect(again).toMatchObject({ reapplied: 2, stale: 1 });
    expect((await after.list()).map((e) => e.target).sort()).toEqual(['10.210.0.2', '10.210.0.5']);
    await after.shutdown({ flush: true });
    reopened.close();
  });
});
