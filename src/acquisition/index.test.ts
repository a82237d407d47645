import { describe, expect, it } from 'vitest';
import { HAVE_PCAPS, NO_PCAPS_REASON, pcap } from './testing/datasets.js';
import { openPacketSource, type PacketSourceConfig } from './index.js';

describe('openPacketSource', () => {
  it.skipIf(!HAVE_PCAPS)(
    `opens a capture file by config (${HAVE_PCAPS ? 'present' : NO_PCAPS_REASON})`,
    async () => {
      const source = await openPacketSource({
        kind: 'pcap',
        path: pcap('benign/icmp_echo.pcapng.gz'),
        batchSize: 3,
      });
      const sizes: number[] = [];
      for await (const batch of source) sizes.push(batch.length);
      expect(sizes).toEqual([3, 3, 2]);
    },
  );

  it('names an unknown kind', async () => {
    await expect(openPacketSource({ kind: 'tap' } as unknown as PacketSourceConfig)).rejects.toThrow(
      /unknown packet source kind "tap"; expected one of pcap, live/,
    );
  });
});
