/**
 * The whole response loop on real nftables: alerts -> profile decision -> dispatcher -> kernel;
 * traffic from the blocked source is dropped, the element's counter is read back as the
 * decision's effect, and the store answers "did the block stop the alerts?".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResponseConfig } from '../../decision/config.js';
import { DecisionEngine } from '../../decision/engine.js';
import type { Alert } from '../../records/index.js';
import { DecisionStore } from '../../store/decision-store.js';
import { decision } from '../backend.case.js';
import { createResponse } from '../registry.js';
import { NetnsLab, namespaceSkipReason } from '../testing/netns-lab.js';
import { NftablesBackend } from './nftables-backend.js';

const skip = namespaceSkipReason(['nft']);

describe.skipIf(skip !== undefined)(
  `feedback from nftables counters${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let lab: NetnsLab;
    const dir = mkdtempSync(join(tmpdir(), 'vigil-feedback-'));
    beforeAll(async () => {
      lab = await NetnsLab.create();
    });
    afterAll(async () => {
      await lab?.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a profile block drops the attacker, the drop counter becomes the effect, and the alerts stop', async () => {
      const config = parseResponseConfig(`
allowlist: [10.203.250.0/24]
firewall: { backend: nftables, netns: ${lab.ns('fw')}, session: true }
profiles:
  - { name: brute, match: { categories: [brute-force], minScore: 0.8 }, threshold: { count: 3, window: 60s }, action: block, ttl: 1h }
`);
      const store = new DecisionStore(join(dir, 'decisions.db'));
      const engine = new DecisionEngine(config, { offences: (t) => store.offences(t) });
      // Built from the config, as an agent would: nftables in the lab's router namespace, nft -i session.
      const { dispatcher, backend: fw } = createResponse(config, store, { log: () => {} });
      expect(fw).toBeInstanceOf(NftablesBackend);
      await fw.init();
      const t0 = Date.now() * 1000;
      const attacker = lab.address('attacker');
      const alerts: Alert[] = [0, 1, 2].map((i) => ({
        id: `a${i}`,
        tsMicros: t0 + i,
        entity: { kind: 'ip', value: attacker },
        target: lab.address('host'),
        score: 0.95,
        category: 'brute-force',
        detector: 'rules',
        modelVersions: [],
        evidence: { flowIds: [`f${i}`] },
      }));
      store.recordAlerts(alerts);
      const decisions = alerts.flatMap((a, i) => engine.observe(a, t0 + i).decisions);
      expect(decisions).toHaveLength(1);
      const results = await dispatcher.handle(decisions, t0 + 3);
      expect(results.map((r) => r.status)).toEqual(['applied']);

      for (let i = 0; i < 3; i++) expect(await lab.tcpReaches('attacker', 300)).toBe(false);
      expect(await lab.tcpReaches('good')).toBe(true);

      const effects = await dispatcher.measureEffects(Date.now() * 1000);
      expect(effects).toHaveLength(1);
      expect(effects[0]?.effect?.packets).toBeGreaterThanOrEqual(3); // at least one SYN per attempt
      const fb = store.feedback(decisions[0]!.id, Date.now() * 1000)!;
      expect(fb).toMatchObject({
        alertsBefore: 3,
        alertsDuring: 0,
        stoppedAlerts: true,
        refusedAsAllowlisted: false,
      });
      expect(fb.droppedPackets).toBe(effects[0]?.effect?.packets);
      await fw.shutdown({ flush: true });
      store.close();
    });

    it('a block replaced to extend its TTL keeps counting the drops it made before', async () => {
      const fw = new NftablesBackend({
        allowlist: [],
        maxNewBlocksPerMinute: 100,
        netns: lab.ns('fw'),
        table: 'vigil_refresh',
        session: true,
      });
      await fw.init();
      try {
        const attacker = lab.address('attacker');
        const dropsOf = async (): Promise<number> =>
          (await fw.list()).find((e) => e.target === attacker)?.packets ?? -1;
        fw.add(decision(attacker, { ttlSeconds: 600 }), 0);
        await fw.commit(0);
        for (let i = 0; i < 3; i++) expect(await lab.tcpReaches('attacker', 300)).toBe(false);
        const before = await dropsOf();
        expect(before).toBeGreaterThanOrEqual(3);
        // A repeat offence: the same target again with a longer TTL. nft replaces the element (its
        // kernel counter restarts at 0); the backend must still report the drops made so far.
        fw.add(decision(attacker, { ttlSeconds: 7200 }), 0);
        await fw.commit(0);
        const entry = (await fw.list()).find((e) => e.target === attacker)!;
        expect(entry.expiresInSeconds).toBeGreaterThan(3600);
        expect(entry.packets).toBeGreaterThanOrEqual(before);
        expect(await lab.tcpReaches('attacker', 300)).toBe(false);
        expect(await dropsOf()).toBeGreaterThan(before);
      } finally {
        await fw.shutdown({ flush: true });
      }
    });
  },
);
