/**
 * Real traffic through the real kernel firewall (nftables, and iptables+ipset) in namespaces this
 * test creates: the firewall sits on the router between the sources and the service host, so what
 * a rule does is seen on the wire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCidr } from '../decision/cidr.js';
import { decision } from './backend.case.js';
import { LAB_MANAGEMENT, NetnsLab, namespaceSkipReason } from './testing/netns-lab.js';
import type { ResponseBackend } from './backend.js';
import type { SafetyOptions } from './safety.js';
import { IpsetBackend } from './ipset/ipset-backend.js';
import { NftablesBackend } from './nftables/nftables-backend.js';

type Make = (options: SafetyOptions & { netns: string }) => ResponseBackend;

describeEnforcement('nftables', (o) => new NftablesBackend(o), namespaceSkipReason(['nft']));
describeEnforcement('iptables+ipset', (o) => new IpsetBackend(o), namespaceSkipReason(['iptables', 'ipset']));

function describeEnforcement(name: string, make: Make, skip: string | undefined): void {
  describe.skipIf(skip !== undefined)(
    `${name} enforcement in namespaces${skip ? ` (skipped: ${skip})` : ''}`,
    () => {
      let lab: NetnsLab;
      let fw: ResponseBackend;
      const now = () => Date.now() * 1000;

      beforeAll(async () => {
        lab = await NetnsLab.create();
        fw = make({
          allowlist: [parseCidr(LAB_MANAGEMENT)],
          maxNewBlocksPerMinute: 100,
          netns: lab.ns('fw'),
        });
        await fw.init();
      });
      afterAll(async () => {
        await lab?.destroy();
      });

      it('a blocked source can no longer reach the service while another source still can', async () => {
        expect(await lab.tcpReaches('attacker')).toBe(true);
        expect(await lab.tcpReaches('good')).toBe(true);
        const block = decision(lab.address('attacker'), { ttlSeconds: 600 });
        fw.add(block, now());
        expect((await fw.commit(now()))[0]?.status).toBe('applied');
        expect(await lab.tcpReaches('attacker')).toBe(false);
        expect(await lab.tcpReaches('good')).toBe(true);
        // The element's own counter saw the dropped SYNs (the feedback the policy reads).
        const entry = (await fw.list()).find((e) => e.target === lab.address('attacker'));
        expect(entry?.packets).toBeGreaterThan(0);
        fw.delete(block);
        await fw.commit(now());
        expect(await lab.tcpReaches('attacker')).toBe(true);
      });

      it('a rate limit really limits that source and leaves others alone', async () => {
        const limit = decision(lab.address('attacker'), { action: 'rate-limit', rate: 10, ttlSeconds: 600 });
        fw.add(limit, now());
        expect((await fw.commit(now()))[0]?.status).toBe('applied');
        // 150 datagrams in ~0.75 s: a 10/s limit with a burst of 10 lets through about 10 + 8.
        const limited = await lab.udpFlood('attacker', 150, 5);
        const free = await lab.udpFlood('good', 150, 5);
        expect(limited.got).toBeGreaterThanOrEqual(5);
        expect(limited.got).toBeLessThanOrEqual(35);
        expect(free.got).toBeGreaterThanOrEqual(140);
        fw.delete(limit);
        await fw.commit(now());
        expect((await lab.udpFlood('attacker', 50, 5)).got).toBeGreaterThanOrEqual(45);
      });

      it('quarantine leaves the host only management traffic', async () => {
        const q = decision(lab.address('host'), { action: 'quarantine', ttlSeconds: 600 });
        fw.add(q, now());
        expect((await fw.commit(now()))[0]?.status).toBe('applied');
        expect(await lab.tcpReaches('mgmt')).toBe(true);
        expect(await lab.tcpReaches('good')).toBe(false);
        expect(await lab.tcpReaches('attacker')).toBe(false);
        // Outbound from the quarantined host is cut too, except towards management.
        const out = await lab.exec('host', [
          'bash',
          '-c',
          `timeout 1 bash -c '</dev/tcp/${lab.address('good')}/22' 2>&1; echo rc=$?`,
        ]);
        expect(out.stdout).toMatch(/rc=124/); // timed out: the SYN was dropped, no RST came back
        const toMgmt = await lab.exec('host', [
          'bash',
          '-c',
          `timeout 1 bash -c '</dev/tcp/${lab.address('mgmt')}/22' 2>&1; echo rc=$?`,
        ]);
        expect(toMgmt.stdout).toMatch(/Connection refused/); // reached mgmt, which answered with RST
        fw.delete(q);
        await fw.commit(now());
        expect(await lab.tcpReaches('good')).toBe(true);
      });

      it('an expired block lets the source back in without anyone deleting it', async () => {
        fw.add(decision(lab.address('attacker'), { ttlSeconds: 1 }), now());
        await fw.commit(now());
        expect(await lab.tcpReaches('attacker', 400)).toBe(false);
        await new Promise((r) => setTimeout(r, 1500));
        expect((await fw.list()).some((e) => e.target === lab.address('attacker'))).toBe(false);
        expect(await lab.tcpReaches('attacker')).toBe(true);
      });
    },
  );
}
