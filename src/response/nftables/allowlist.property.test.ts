import { afterAll, beforeAll } from 'vitest';
import { ALLOWLIST } from '../backend.case.js';
import { describeAllowlistProperty } from '../allowlist.property.case.js';
import { runCommand } from '../exec.js';
import { createBareNamespace, namespaceSkipReason } from '../testing/netns-lab.js';
import { NftablesBackend } from './nftables-backend.js';

const skip = namespaceSkipReason(['nft']);
let ns: { name: string; destroy: () => void } | undefined;
beforeAll(async () => {
  if (!skip) ns = await createBareNamespace();
});
afterAll(() => ns?.destroy());

/** Elements of every enforcement set, straight from `nft -j list sets` (mgmt_* sets hold the allowlist itself). */
async function listKernelTargets(): Promise<string[]> {
  const r = await runCommand([
    'ip',
    'netns',
    'exec',
    ns!.name,
    'nft',
    '-j',
    'list',
    'sets',
    'table',
    'inet',
    'vigil',
  ]);
  if (r.code !== 0) throw new Error(r.stderr);
  const out: string[] = [];
  for (const item of (JSON.parse(r.stdout) as { nftables: { set?: { name: string; elem?: unknown[] } }[] })
    .nftables) {
    if (!item.set || item.set.name.startsWith('mgmt_') || item.set.name.startsWith('meter')) continue;
    for (const raw of item.set.elem ?? []) {
      const val = (raw as { elem?: { val: unknown } }).elem?.val ?? raw;
      if (typeof val === 'string') out.push(val);
      else if (val && typeof val === 'object' && 'prefix' in val) {
        const p = (val as { prefix: { addr: string; len: number } }).prefix;
        out.push(`${p.addr}/${p.len}`);
      } else throw new Error(`unexpected element ${JSON.stringify(raw)}`);
    }
  }
  return out;
}

describeAllowlistProperty(
  'nftables',
  () => ({
    make: async () =>
      new NftablesBackend({ allowlist: ALLOWLIST, maxNewBlocksPerMinute: 1000, netns: ns!.name }),
    listKernelTargets,
  }),
  skip,
);
