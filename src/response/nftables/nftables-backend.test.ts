import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWLIST, decision, describeBackendConformance } from '../backend.case.js';
import { runCommand } from '../exec.js';
import { createBareNamespace, namespaceSkipReason } from '../testing/netns-lab.js';
import { NftablesBackend } from './nftables-backend.js';

const skip = namespaceSkipReason(['nft']);
let ns: { name: string; destroy: () => void } | undefined;

beforeAll(async () => {
  if (!skip) ns = await createBareNamespace();
});
afterAll(() => ns?.destroy());

describeBackendConformance(
  'nftables',
  async (safety) => new NftablesBackend({ ...safety, netns: ns!.name }),
  {
    appliedStatus: 'applied',
    skip,
  },
);

describeBackendConformance(
  'nftables (nft -i session)',
  async (safety) => new NftablesBackend({ ...safety, netns: ns!.name, session: true }),
  {
    appliedStatus: 'applied',
    skip,
  },
);

describe.skipIf(skip !== undefined)('nftables backend specifics', () => {
  it('pins a rejected element on its decision and applies the rest of the batch', async () => {
    const b = new NftablesBackend({
      allowlist: ALLOWLIST,
      maxNewBlocksPerMinute: 1000,
      netns: ns!.name,
      table: 'vigil_pin',
    });
    await b.init();
    try {
      b.add(decision('10.90.0.0/16'), 0);
      await b.commit(0);
      const overlapping = decision('10.90.1.0/24');
      const fine = decision('10.91.0.1');
      b.add(overlapping, 0);
      b.add(fine, 0);
      const results = await b.commit(0);
      expect(results.find((r) => r.decisionId === overlapping.id)).toMatchObject({
        status: 'failed',
        detail: expect.stringMatching(/overlap/),
      });
      expect(results.find((r) => r.decisionId === fine.id)?.status).toBe('applied');
      expect((await b.list()).map((e) => e.target).sort()).toEqual(['10.90.0.0/16', '10.91.0.1']);
    } finally {
      await b.shutdown({ flush: true });
    }
  });

  it('a grouped add that nft rejects is split to find the culprit (nft -f and session)', async () => {
    for (const session of [false, true]) {
      // A table whose block_v4 holds only 2 elements: the third of a grouped add overflows it.
      await runCommand(['ip', 'netns', 'exec', ns!.name, 'nft', '-f', '-'], {
        stdin:
          'add table inet vigil_group\nadd set inet vigil_group block_v4 { type ipv4_addr; flags timeout; counter; size 2; }\n',
      });
      const b = new NftablesBackend({
        allowlist: ALLOWLIST,
        maxNewBlocksPerMinute: 1000,
        netns: ns!.name,
        table: 'vigil_group',
        session,
      });
      try {
        const ds = [decision('10.93.0.1'), decision('10.93.0.2'), decision('10.93.0.3')];
        for (const d of ds) b.add(d, 0);
        const results = await b.commit(0);
        expect(results.map((x) => x.status)).toEqual(['applied', 'applied', 'failed']);
        expect(results[2]?.detail).toMatch(/^nft: /);
      } finally {
        await b.shutdown({ flush: true });
      }
    }
  });

  it('init on an existing table keeps its elements and rate classes', async () => {
    const opts = {
      allowlist: ALLOWLIST,
      maxNewBlocksPerMinute: 1000,
      netns: ns!.name,
      table: 'vigil_reinit',
    };
    const first = new NftablesBackend(opts);
    await first.init();
    first.add(decision('10.92.0.1'), 0);
    first.add(decision('10.92.0.2', { action: 'rate-limit', rate: 7 }), 0);
    await first.commit(0);
    const second = new NftablesBackend(opts);
    await second.init();
    try {
      expect((await second.list()).map((e) => [e.action, e.target]).sort()).toEqual([
        ['block', '10.92.0.1'],
        ['rate-limit', '10.92.0.2'],
      ]);
      expect(await second.ruleset()).toMatch(/saddr @rate7_v4 update @meter7_v4/);
    } finally {
      await second.shutdown({ flush: true });
    }
  });
});
