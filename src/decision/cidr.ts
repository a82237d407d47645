/**
 * IP addresses and CIDR prefixes as numbers, so an allowlist can be checked for overlap with a
 * block target (a block of 10.0.0.0/8 must be refused when 10.1.2.3 is allowlisted).
 * node:net's BlockList answers "is this address inside", but not "do these two prefixes overlap",
 * which is what safety needs; the arithmetic below is short and exact (BigInt covers IPv6).
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface Cidr {
  family: 4 | 6;
  /** Network address as an integer (host bits cleared). */
  network: bigint;
  prefix: number;
  /** Canonical text, e.g. '10.0.0.0/8' or '2001:db8::/32'; bare addresses keep no suffix. */
  text: string;
}

export class CidrParseError extends Error {
  override readonly name = 'CidrParseError';
  constructor(
    readonly input: string,
    why: string,
  ) {
    super(`"${input}" is not an IP address or CIDR: ${why}`);
  }
}

function ipv4ToBigInt(text: string): bigint {
  let value = 0n;
  for (const part of text.split('.')) value = (value << 8n) | BigInt(Number(part));
  return value;
}

function ipv6ToBigInt(text: string): bigint {
  let head = text;
  let tailV4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    tailV4 = ipv4ToBigInt(text.slice(lastColon + 1));
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const [left = '', right] = head.split('::');
  const leftGroups = left === '' ? [] : left.split(':');
  const rightGroups = right === undefined || right === '' ? [] : right.split(':');
  const missing = 8 - leftGroups.length - rightGroups.length;
  const groups = [
    ...leftGroups,
    ...Array<string>(right === undefined ? 0 : missing).fill('0'),
    ...rightGroups,
  ];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(parseInt(g, 16));
  if (tailV4 !== undefined) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

function bigIntToIpv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
}

function bigIntToIpv6(v: bigint): string {
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((v >> s) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLen).join(':')}`;
}

const MAPPED_V4 = 0xffff00000000n;

/** Parses '10.1.2.3', '10.0.0.0/8', '2001:db8::/32'. Host bits are cleared. IPv4-mapped IPv6 becomes IPv4. */
export function parseCidr(input: string): Cidr {
  const text = input.trim();
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  let family: 4 | 6;
  let value: bigint;
  if (isIPv4(addr)) {
    family = 4;
    value = ipv4ToBigInt(addr);
  } else if (isIPv6(addr)) {
    family = 6;
    value = ipv6ToBigInt(addr);
  } else {
    throw new CidrParseError(input, 'address does not parse');
  }
  const max = family === 4 ? 32 : 128;
  let prefix = max;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) throw new CidrParseError(input, 'prefix length is not a number');
    prefix = Number(prefixText);
    if (prefix > max) throw new CidrParseError(input, `prefix length ${prefix} exceeds ${max}`);
  }
  if (family === 6 && prefix >= 96 && value >> 32n === MAPPED_V4 >> 32n) {
    family = 4;
    value &= 0xffffffffn;
    prefix -= 96;
  }
  const familyMax = family === 4 ? 32 : 128;
  const bits = BigInt(familyMax);
  const hostBits = bits - BigInt(prefix);
  const network = (value >> hostBits) << hostBits;
  const shown = family === 4 ? bigIntToIpv4(network) : bigIntToIpv6(network);
  return { family, network, prefix, text: prefix === familyMax ? shown : `${shown}/${prefix}` };
}

export function isSingleAddress(c: Cidr): boolean {
  return c.prefix === (c.family === 4 ? 32 : 128);
}

function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  const hostBits = BigInt((outer.family === 4 ? 32 : 128) - outer.prefix);
  return inner.network >> hostBits === outer.network >> hostBits;
}

/** True when the two prefixes share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b) || contains(b, a);
}
