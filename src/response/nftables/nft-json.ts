/**
 * Reads `nft -j list table` output back into ActiveEntry records: what the kernel holds, with
 * each element's remaining timeout and its own packet/byte counters.
 */
import type { ActiveEntry, FirewallAction } from '../backend.js';

export class NftJsonError extends Error {
  override readonly name = 'NftJsonError';
}

interface NftElem {
  val?: unknown;
  timeout?: number;
  expires?: number;
  counter?: { packets?: number; bytes?: number };
}

function valueText(val: unknown): string | undefined {
  if (typeof val === 'string') return val;
  if (val && typeof val === 'object' && 'prefix' in val) {
    const p = (val as { prefix: { addr: string; len: number } }).prefix;
    return `${p.addr}/${p.len}`;
  }
  return undefined;
}

const SET_NAME = /^(block|quar|rate(\d+))_v[46](_net)?$/;

/** Parses the JSON of `nft -j list table inet <table>`; sets that are not element sets are skipped. */
export function entriesFromNftJson(json: string): { entries: ActiveEntry[]; rates: number[] } {
  let doc: { nftables?: unknown[] };
  try {
    doc = JSON.parse(json) as { nftables?: unknown[] };
  } catch (err) {
    throw new NftJsonError(`nft -j output is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const entries: ActiveEntry[] = [];
  const rates = new Set<number>();
  for (const item of doc.nftables ?? []) {
    const set = (item as { set?: { name: string; elem?: unknown[] } }).set;
    if (!set) continue;
    const m = SET_NAME.exec(set.name);
    if (!m) continue;
    const action: FirewallAction = m[1] === 'block' ? 'block' : m[1] === 'quar' ? 'quarantine' : 'rate-limit';
    const rate = m[2] !== undefined ? Number(m[2]) : undefined;
    if (rate !== undefined) rates.add(rate);
    for (const raw of set.elem ?? []) {
      const elem: NftElem =
        raw && typeof raw === 'object' && 'elem' in raw ? (raw as { elem: NftElem }).elem : { val: raw };
      const target = valueText(elem.val);
      if (target === undefined) continue;
      entries.push({
        action,
        target,
        ...(rate !== undefined ? { rate } : {}),
        ...(elem.expires !== undefined ? { expiresInSeconds: elem.expires } : {}),
        ...(elem.counter ? { packets: elem.counter.packets ?? 0, bytes: elem.counter.bytes ?? 0 } : {}),
      });
    }
  }
  return { entries, rates: [...rates].sort((a, b) => a - b) };
}
