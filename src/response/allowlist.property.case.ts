/**
 * Property shared by the kernel backends: whatever stream of decisions arrives, no allowlisted
 * address ever lands in the firewall's sets. The check lists the kernel's sets with the tool
 * itself (`listKernelTargets`), never the backend's own idea of what it holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overlaps, parseCidr } from '../decision/cidr.js';
import type { Decision } from '../records/index.js';
import { ALLOWLIST, decision } from './backend.case.js';
import type { ResponseBackend } from './backend.js';

export interface PropertyHarness {
  make: () => Promise<ResponseBackend>;
  /** Every address/prefix in the backend's enforcement sets, as the kernel lists them. */
  listKernelTargets: () => Promise<string[]>;
}

const octet = fc.integer({ min: 0, max: 255 });
const targetArb = fc.oneof(
  octet.map((o) => `10.203.250.${o}`), // inside the allowlisted management /24
  fc.constant('10.203.0.1'), // the allowlisted gateway
  fc.tuple(octet, octet).map(([a, b]) => `10.203.${a}.${b}`), // neighbours, mostly not allowlisted
  fc.tuple(octet, octet, fc.integer({ min: 8, max: 30 })).map(([a, b, p]) => `10.${a}.${b}.0/${p}`), // prefixes, some covering the allowlist
  fc.tuple(fc.integer({ min: 0, max: 0xffff })).map(([h]) => `fd00:203::${h.toString(16)}`), // allowlisted v6
  fc.tuple(fc.integer({ min: 0, max: 0xffff })).map(([h]) => `2001:db8::${h.toString(16)}`),
);

const stepArb = fc.record({
  target: targetArb,
  action: fc.constantFrom('block', 'rate-limit', 'quarantine') as fc.Arbitrary<Decision['action']>,
  rate: fc.constantFrom(5, 50),
  ttlSeconds: fc.constantFrom(0, 60, 3600),
  origin: fc.constantFrom('profile', 'operator', 'dqn') as fc.Arbitrary<Decision['origin']>,
  deleteLater: fc.boolean(),
  commitAfter: fc.boolean(),
});

export function describeAllowlistProperty(
  name: string,
  harness: () => PropertyHarness,
  skip: string | undefined,
  runs = 20,
): void {
  describe.skipIf(skip !== undefined)(
    `${name}: allowlist property${skip ? ` (skipped: ${skip})` : ''}`,
    () => {
      it('no allowlisted address ever appears in the kernel sets, for random decision streams', async () => {
        const h = harness();
        let kernelEntriesSeen = 0;
        await fc.assert(
          fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 40 }), async (steps) => {
            const backend = await h.make();
            await backend.init();
            try {
              const added: Decision[] = [];
              for (const step of steps) {
                const d = decision(step.target, {
                  action: step.action,
                  rate: step.rate,
                  ttlSeconds: step.ttlSeconds,
                  origin: step.origin,
                });
                backend.add(d, 0);
                added.push(d);
                if (step.deleteLater && added.length > 1) backend.delete(added[added.length - 2]!);
                if (step.commitAfter) await backend.commit(0);
              }
              const results = await backend.commit(0);
              const kernel = await h.listKernelTargets();
              kernelEntriesSeen += kernel.length;
              for (const t of kernel) {
                const hit = ALLOWLIST.find((a) => overlaps(a, parseCidr(t)));
                expect(hit, `${t} is in the kernel but overlaps allowlisted ${hit?.text}`).toBeUndefined();
              }
              for (const r of results)
                if (r.status === 'refused') expect(r.detail).toMatch(/allowlist|blast-radius/);
            } finally {
              await backend.shutdown({ flush: true });
            }
          }),
          { numRuns: runs, seed: 5 },
        );
        // Not vacuous: the streams did put plenty of non-allowlisted entries in the kernel.
        expect(kernelEntriesSeen).toBeGreaterThan(runs);
      });
    },
  );
}
