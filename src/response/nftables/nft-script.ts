/**
 * Text of nft batches for the vigil table. Pure: decisions in, lines out. Each line remembers
 * which operation made it, so an error that nft reports by line can be pinned on one decision.
 *
 * Layout (one table of the inet family, owned by vigil and nobody else):
 *   <kind>_v4 / _v6          hash sets of single addresses, per-element timeout and counters
 *   <kind>_v4_net / _v6_net  interval sets of prefixes, same flags
 *   kinds: block, quar (quarantine), rate<N> (rate-limit class of N packets/s)
 *   meter<N>_v4 / _v6        dynamic sets holding one token bucket per source of a rate class
 *   mgmt_v4 / mgmt_v6        management prefixes: quarantined hosts may still talk to them
 *   enforce                  rules run from the input and forward hooks; output has quarantine only
 *   ratelimit                the rate-class rules, jumped to from enforce after blocks and before the
 *                            management-destination return (a limited source stays limited towards it)
 * Allowlisted management sources `return` before any drop, a last line of defence in the kernel;
 * the backend refuses allowlisted targets before they get here.
 */
import type { Cidr } from '../../decision/cidr.js';
import { isSingleAddress } from '../../decision/cidr.js';
import type { FirewallAction } from '../backend.js';

export interface ScriptLine {
  text: string;
  /** Index of the operation this line belongs to; undefined for shared lines. */
  op?: number;
  /** Operations that share this line (a grouped `add element` list). */
  group?: number[];
}

export type Family = 'v4' | 'v6';

export function familyOf(c: Cidr): Family {
  return c.family === 4 ? 'v4' : 'v6';
}

export function kindOf(action: FirewallAction, rate?: number): string {
  return action === 'block' ? 'block' : action === 'quarantine' ? 'quar' : `rate${rate ?? 0}`;
}

export function setNameFor(action: FirewallAction, target: Cidr, rate?: number): string {
  return `${kindOf(action, rate)}_${familyOf(target)}${isSingleAddress(target) ? '' : '_net'}`;
}

const SET_SIZE = 1_048_576;
const ADDR = { v4: 'ipv4_addr', v6: 'ipv6_addr' } as const;
const MATCH = { v4: 'ip', v6: 'ip6' } as const;

function elementSets(table: string, kind: string): string[] {
  const lines: string[] = [];
  for (const fam of ['v4', 'v6'] as const) {
    lines.push(
      `add set inet ${table} ${kind}_${fam} { type ${ADDR[fam]}; flags timeout; counter; size ${SET_SIZE}; }`,
    );
    lines.push(
      `add set inet ${table} ${kind}_${fam}_net { type ${ADDR[fam]}; flags interval,timeout; counter; size ${SET_SIZE}; }`,
    );
  }
  return lines;
}

/** The table, sets and chains; all `add`, so running it on an existing table changes nothing but the rules. */
export function skeletonScript(table: string, management: readonly Cidr[]): string[] {
  const lines = [`add table inet ${table}`, ...elementSets(table, 'block'), ...elementSets(table, 'quar')];
  for (const fam of ['v4', 'v6'] as const) {
    lines.push(`add set inet ${table} mgmt_${fam} { type ${ADDR[fam]}; flags interval; auto-merge; }`);
    const mgmt = management.filter((c) => familyOf(c) === fam).map((c) => c.text);
    lines.push(`flush set inet ${table} mgmt_${fam}`);
    if (mgmt.length > 0) lines.push(`add element inet ${table} mgmt_${fam} { ${mgmt.join(', ')} }`);
  }
  lines.push(`add chain inet ${table} enforce`, `flush chain inet ${table} enforce`);
  lines.push(`add chain inet ${table} enforce_out`, `flush chain inet ${table} enforce_out`);
  // Emptied like the others; the backend writes the rate classes it knows into it again.
  lines.push(`add chain inet ${table} ratelimit`, `flush chain inet ${table} ratelimit`);
  for (const fam of ['v4', 'v6'] as const)
    lines.push(`add rule inet ${table} enforce ${MATCH[fam]} saddr @mgmt_${fam} return`);
  for (const fam of ['v4', 'v6'] as const) {
    for (const suffix of ['', '_net'])
      lines.push(`add rule inet ${table} enforce ${MATCH[fam]} saddr @block_${fam}${suffix} counter drop`);
  }
  lines.push(`add rule inet ${table} enforce jump ratelimit`);
  for (const fam of ['v4', 'v6'] as const) {
    lines.push(`add rule inet ${table} enforce ${MATCH[fam]} daddr @mgmt_${fam} return`);
    lines.push(`add rule inet ${table} enforce_out ${MATCH[fam]} daddr @mgmt_${fam} return`);
  }
  for (const fam of ['v4', 'v6'] as const) {
    for (const suffix of ['', '_net']) {
      for (const dir of ['saddr', 'daddr']) {
        lines.push(`add rule inet ${table} enforce ${MATCH[fam]} ${dir} @quar_${fam}${suffix} counter drop`);
        lines.push(
          `add rule inet ${table} enforce_out ${MATCH[fam]} ${dir} @quar_${fam}${suffix} counter drop`,
        );
      }
    }
  }
  for (const hook of ['input', 'forward', 'output']) {
    const target = hook === 'output' ? 'enforce_out' : 'enforce';
    lines.push(
      `add chain inet ${table} ${hook} { type filter hook ${hook} priority filter - 10; policy accept; }`,
    );
    lines.push(`flush chain inet ${table} ${hook}`, `add rule inet ${table} ${hook} jump ${target}`);
  }
  return lines;
}

/** Sets, meters and rules of one rate class (N packets/s per source, then drop). */
export function rateClassScript(table: string, rate: number): string[] {
  const kind = kindOf('rate-limit', rate);
  const lines = elementSets(table, kind);
  for (const fam of ['v4', 'v6'] as const) {
    lines.push(
      `add set inet ${table} meter${rate}_${fam} { type ${ADDR[fam]}; flags dynamic,timeout; timeout 60s; size 65535; }`,
    );
    for (const suffix of ['', '_net']) {
      lines.push(
        `add rule inet ${table} ratelimit ${MATCH[fam]} saddr @${kind}_${fam}${suffix} ` +
          `update @meter${rate}_${fam} { ${MATCH[fam]} saddr limit rate over ${rate}/second burst ${rate} packets } counter drop`,
      );
    }
  }
  return lines;
}

/**
 * One add (with TTL, replacing an existing entry) or delete of one element. `add` of an element
 * that exists is a no-op, so "add; delete" removes it whether or not it was there and never
 * fails the batch (nft 1.0.6 has no `destroy`), and the last add sets the new timeout.
 */
export function elementOpScript(
  table: string,
  op: 'add' | 'delete',
  set: string,
  target: Cidr,
  ttlSeconds: number,
): string[] {
  const el = target.text;
  const lines = [
    `add element inet ${table} ${set} { ${el} }`,
    `delete element inet ${table} ${set} { ${el} }`,
  ];
  if (op === 'add')
    lines.push(
      `add element inet ${table} ${set} { ${el}${ttlSeconds > 0 ? ` timeout ${ttlSeconds}s` : ''} }`,
    );
  return lines;
}
