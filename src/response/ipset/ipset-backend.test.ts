import { afterAll, beforeAll } from 'vitest';
import { ALLOWLIST, describeBackendConformance } from '../backend.case.js';
import { describeAllowlistProperty } from '../allowlist.property.case.js';
import { runCommand } from '../exec.js';
import { createBareNamespace, namespaceSkipReason } from '../testing/netns-lab.js';
import { IpsetBackend, parseIpsetSave } from './ipset-backend.js';

const skip = namespaceSkipReason(['ipset', 'iptables', 'ip6tables']);
let ns: { name: string; destroy: () => void } | undefined;
beforeAll(async () => {
  if (!skip) ns = await createBareNamespace();
});
afterAll(() => ns?.destroy());

describeBackendConformance(
  'iptables+ipset',
  async (safety) => new IpsetBackend({ ...safety, netns: ns!.name }),
  {
    appliedStatus: 'applied',
    skip,
  },
);

/** Elements of vigil's enforcement sets as the kernel lists them (`ipset save`), not the backend's memory. */
async function listKernelTargets(): Promise<string[]> {
  const r = await runCommand(['ip', 'netns', 'exec', ns!.name, 'ipset', 'save']);
  if (r.code !== 0) throw new Error(r.stderr);
  return parseIpsetSave(r.stdout, 'vigil').map((e) => e.target);
}

describeAllowlistProperty(
  'iptables+ipset',
  () => ({
    make: async () =>
      new IpsetBackend({ allowlist: ALLOWLIST, maxNewBlocksPerMinute: 1000, netns: ns!.name }),
    listKernelTargets,
  }),
  skip,
  10,
);
