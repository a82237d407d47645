/**
 * The conformance suite every ResponseBackend passes. A backend's own test file calls
 * `describeBackendConformance` with a factory; the factory decides where the firewall lives
 * (a network namespace the test made, or memory for dry-run).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseCidr } from '../decision/cidr.js';
import type { ActionResult, Decision } from '../records/index.js';
import type { ResponseBackend } from './backend.js';
import type { SafetyOptions } from './safety.js';

export interface ConformanceOptions {
  /** Status a successful add reports: 'applied', or 'dry-run'. */
  appliedStatus: ActionResult['status'];
  /** Reason to skip the whole suite (no root, tool missing), or undefined to run. */
  skip?: string | undefined;
}

const T0 = 1_790_000_000_000_000;
let seq = 0;

export function decision(target: string, extra: Partial<Decision> = {}): Decision {
  return {
    id: `d${++seq}`,
    createdMicros: T0,
    action: 'block',
    target,
    ttlSeconds: 3600,
    reason: 'conformance',
    alertIds: [],
    origin: 'profile',
    dryRun: false,
    ...extra,
  };
}

export const ALLOWLIST = ['10.203.250.0/24', '10.203.0.1', 'fd00:203::/64'].map(parseCidr);

export function describeBackendConformance(
  name: string,
  make: (safety: SafetyOptions) => Promise<ResponseBackend>,
  options: ConformanceOptions,
): void {
  describe.skipIf(options.skip !== undefined)(
    `${name} backend conformance${options.skip ? ` (skipped: ${options.skip})` : ''}`,
    () => {
      let open: ResponseBackend[] = [];
      async function backend(limit = 1_000_000): Promise<ResponseBackend> {
        const b = await make({ allowlist: ALLOWLIST, maxNewBlocksPerMinute: limit });
        await b.init();
        open.push(b);
        return b;
      }
      afterEach(async () => {
        for (const b of open) await b.shutdown({ flush: true });
        open = [];
      });

      it('blocks an address, a CIDR and an IPv6 address, and lists them from the firewall', async () => {
        const b = await backend();
        const ds = [decision('10.203.9.7'), decision('10.77.0.0/16'), decision('2001:db8::9')];
        for (const d of ds) b.add(d, T0);
        const results = await b.commit(T0);
        expect(results.map((r) => [r.decisionId, r.status])).toEqual(
          ds.map((d) => [d.id, options.appliedStatus]),
        );
        const listed = await b.list();
        expect(
          listed
            .filter((e) => e.action === 'block')
            .map((e) => e.target)
            .sort(),
        ).toEqual(['10.203.9.7', '10.77.0.0/16', '2001:db8::9'].sort());
        const entry = listed.find((e) => e.target === '10.203.9.7');
        expect(entry?.expiresInSeconds).toBeGreaterThan(3500);
        expect(entry?.expiresInSeconds).toBeLessThanOrEqual(3600);
      });

      it('refuses allowlisted targets and prefixes that contain them, and records the refusal', async () => {
        const b = await backend();
        const bad = [
          decision('10.203.250.17'),
          decision('10.203.0.1', { action: 'quarantine' }),
          decision('10.0.0.0/8'),
          decision('fd00:203::5', { action: 'rate-limit', rate: 5 }),
          decision('10.203.250.9', { origin: 'operator' }),
        ];
        const good = decision('10.203.9.8');
        for (const d of [...bad, good]) b.add(d, T0);
        const results = await b.commit(T0);
        for (const d of bad) {
          const r = results.find((x) => x.decisionId === d.id);
          expect(r?.status).toBe('refused');
          expect(r?.detail).toMatch(/allowlist/);
        }
        expect(results.find((x) => x.decisionId === good.id)?.status).toBe(options.appliedStatus);
        expect((await b.list()).map((e) => e.target)).toEqual(['10.203.9.8']);
      });

      it('caps new entries per minute unless an operator decides; renewals do not count', async () => {
        const b = await backend(3);
        const first = [1, 2, 3, 4, 5].map((i) => decision(`10.203.8.${i}`));
        for (const d of first) b.add(d, T0);
        const r1 = await b.commit(T0);
        expect(r1.filter((r) => r.status === 'refused').map((r) => r.decisionId)).toEqual([
          first[3]!.id,
          first[4]!.id,
        ]);
        expect(r1.find((r) => r.status === 'refused')?.detail).toMatch(/blast-radius/);
        b.add(decision('10.203.8.1', { ttlSeconds: 7200 }), T0 + 1_000_000); // renewal
        b.add(decision('10.203.8.9', { origin: 'operator' }), T0 + 1_000_000);
        const r2 = await b.commit(T0 + 1_000_000);
        expect(r2.map((r) => r.status)).toEqual([options.appliedStatus, options.appliedStatus]);
        b.add(decision('10.203.8.10'), T0 + 61_000_000);
        expect((await b.commit(T0 + 61_000_000))[0]?.status).toBe(options.appliedStatus);
        expect((await b.list()).length).toBe(5);
        // Once its TTL has passed, re-adding an address is a new entry again and counts.
        const t2 = T0 + 3 * 3_600_000_000;
        for (const i of [1, 2, 3, 4]) b.add(decision(`10.203.8.${i}`), t2);
        const r3 = await b.commit(t2);
        expect(r3.map((r) => r.status)).toEqual(['refused', ...Array(3).fill(options.appliedStatus)]);
        expect(r3[0]?.detail).toMatch(/blast-radius/);
      });

      it('rate-limits and quarantines, listed with their kind and rate', async () => {
        const b = await backend();
        b.add(decision('10.203.7.1', { action: 'rate-limit', rate: 10 }), T0);
        b.add(decision('10.203.7.2', { action: 'rate-limit', rate: 100 }), T0);
        b.add(decision('10.203.7.3', { action: 'quarantine' }), T0);
        b.add(decision('10.203.7.4', { action: 'notify' }), T0);
        const results = await b.commit(T0);
        expect(results.map((r) => r.status).sort()).toEqual(
          [...Array(3).fill(options.appliedStatus), 'failed'].sort(),
        );
        const listed = await b.list();
        expect(listed.map((e) => [e.action, e.target, e.rate]).sort()).toEqual(
          [
            ['rate-limit', '10.203.7.1', 10],
            ['rate-limit', '10.203.7.2', 100],
            ['quarantine', '10.203.7.3', undefined],
          ].sort(),
        );
      });

      it('deletes entries; deleting one that is not there does not spoil the batch', async () => {
        const b = await backend();
        const keep = decision('10.203.6.1');
        const drop = decision('10.203.6.2', { action: 'quarantine' });
        b.add(keep, T0);
        b.add(drop, T0);
        await b.commit(T0);
        b.delete(drop);
        b.delete(decision('10.203.6.99'));
        const results = await b.commit(T0);
        expect(results.map((r) => r.status)).toEqual(['revoked', 'revoked']);
        expect((await b.list()).map((e) => e.target)).toEqual(['10.203.6.1']);
      });

      it('renewing an entry replaces its TTL instead of failing or duplicating', async () => {
        const b = await backend();
        b.add(decision('10.203.5.1', { ttlSeconds: 60 }), T0);
        await b.commit(T0);
        b.add(decision('10.203.5.1', { ttlSeconds: 7200 }), T0);
        expect((await b.commit(T0))[0]?.status).toBe(options.appliedStatus);
        const listed = await b.list();
        expect(listed).toHaveLength(1);
        expect(listed[0]?.expiresInSeconds).toBeGreaterThan(7000);
      });

      it('lets entries expire by their TTL', async () => {
        const b = await backend();
        b.add(decision('10.203.4.1', { ttlSeconds: 1 }), T0);
        b.add(decision('10.203.4.2', { ttlSeconds: 0 }), T0);
        await b.commit(T0);
        expect((await b.list()).map((e) => e.target).sort()).toEqual(['10.203.4.1', '10.203.4.2']);
        await new Promise((r) => setTimeout(r, 2200));
        const listed = await b.list();
        expect(listed.map((e) => e.target)).toEqual(['10.203.4.2']);
        expect(listed[0]?.expiresInSeconds).toBeUndefined();
      });

      it('commits thousands of decisions in one batch', async () => {
        const b = await backend();
        for (let i = 0; i < 2000; i++) b.add(decision(`10.204.${i >> 8}.${i & 255}`), T0);
        const results = await b.commit(T0);
        expect(results.filter((r) => r.status === options.appliedStatus)).toHaveLength(2000);
        expect(await b.list()).toHaveLength(2000);
      });
    },
  );
}
