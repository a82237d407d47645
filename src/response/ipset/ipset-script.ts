/**
 * Text for the iptables+ipset fallback: `ipset restore` lines for sets and elements, and
 * `iptables-restore --noflush` text for vigil's own chains. Pure.
 *
 * Sets are hash:net (single addresses and prefixes alike, overlaps allowed), with per-element
 * timeouts and counters: <p>-block4/6, <p>-quar4/6, <p>-rate<N>-4/6, and <p>-mgmt4/6 for the
 * management prefixes. Chains <P>-IN (from INPUT and FORWARD) and <P>-OUT (from OUTPUT) mirror
 * the nftables layout: management sources return first, then blocks, quarantine, rate classes.
 */
import type { Cidr } from '../../decision/cidr.js';
import type { FirewallAction } from '../backend.js';

export type IpFamily = 4 | 6;

export function setName(prefix: string, action: FirewallAction, family: IpFamily, rate?: number): string {
  const kind = action === 'block' ? 'block' : action === 'quarantine' ? 'quar' : `rate${rate ?? 0}-`;
  return `${prefix}-${kind}${family}`;
}

const MAXELEM = 1_048_576;

export function createSetLines(prefix: string, rates: Iterable<number>): string[] {
  const lines: string[] = [];
  for (const fam of [4, 6] as const) {
    const family = fam === 4 ? 'inet' : 'inet6';
    const names = [
      setName(prefix, 'block', fam),
      setName(prefix, 'quarantine', fam),
      ...[...rates].map((r) => setName(prefix, 'rate-limit', fam, r)),
    ];
    for (const n of names)
      lines.push(`create ${n} hash:net family ${family} timeout 0 counters maxelem ${MAXELEM}`);
    lines.push(`create ${prefix}-mgmt${fam} hash:net family ${family}`);
  }
  return lines;
}

export function managementLines(prefix: string, management: readonly Cidr[]): string[] {
  const lines = [`flush ${prefix}-mgmt4`, `flush ${prefix}-mgmt6`];
  for (const c of management) lines.push(`add ${prefix}-mgmt${c.family} ${c.text}`);
  return lines;
}

export function elementLine(op: 'add' | 'delete', set: string, target: Cidr, ttlSeconds: number): string {
  return op === 'add' ? `add ${set} ${target.text} timeout ${ttlSeconds}` : `del ${set} ${target.text}`;
}

/** iptables-restore input for one family: declaring the chains flushes them, then their rules. */
export function chainRules(prefix: string, family: IpFamily, rates: Iterable<number>): string {
  const P = prefix.toUpperCase();
  const set = (name: string, dir: 'src' | 'dst') => `-m set --match-set ${name} ${dir}`;
  const mgmt = `${prefix}-mgmt${family}`;
  const quar = setName(prefix, 'quarantine', family);
  const lines = ['*filter', `:${P}-IN - [0:0]`, `:${P}-OUT - [0:0]`];
  lines.push(`-A ${P}-IN ${set(mgmt, 'src')} -j RETURN`);
  lines.push(`-A ${P}-IN ${set(setName(prefix, 'block', family), 'src')} -j DROP`);
  // Rate classes before the management-destination return: a limited source stays limited towards it.
  for (const r of rates) {
    lines.push(
      `-A ${P}-IN ${set(setName(prefix, 'rate-limit', family, r), 'src')} -m hashlimit --hashlimit-above ${r}/sec ` +
        `--hashlimit-burst ${r} --hashlimit-mode srcip --hashlimit-name ${prefix}-r${r}-${family} -j DROP`,
    );
  }
  lines.push(`-A ${P}-IN ${set(mgmt, 'dst')} -j RETURN`);
  lines.push(`-A ${P}-IN ${set(quar, 'src')} -j DROP`, `-A ${P}-IN ${set(quar, 'dst')} -j DROP`);
  lines.push(`-A ${P}-OUT ${set(mgmt, 'dst')} -j RETURN`);
  lines.push(`-A ${P}-OUT ${set(quar, 'src')} -j DROP`, `-A ${P}-OUT ${set(quar, 'dst')} -j DROP`);
  lines.push('COMMIT', '');
  return lines.join('\n');
}
