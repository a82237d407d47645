import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HAVE_PCAPS, NO_PCAPS_REASON, pcap, readDigests } from '../../acquisition/testing/datasets.js';
import { runCapture } from './capture.js';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-capture-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!HAVE_PCAPS)(`vigil capture (${HAVE_PCAPS ? 'present' : NO_PCAPS_REASON})`, () => {
  it('summarises a capture file and saves the same frames as pcap', async () => {
    const out = join(tmp, 'copy.pcap');
    const text = await runCapture({
      pcap: pcap('benign/dns_query_response.pcapng.gz'),
      filter: '',
      packets: false,
      write: out,
    });
    expect(text).toContain('packets: 2 (');
    expect(text).toContain('protocols: {"udp":2}');
    expect(text).toContain('applications: {"dns":2}');
    expect(text).toContain('decode anomalies: {}');
    const original = await readDigests(pcap('benign/dns_query_response.pcapng.gz'));
    expect((await readDigests(out)).frames).toEqual(original.frames);
  });

  it('stops at --count and refuses an ambiguous source', async () => {
    expect(
      await runCapture({
        pcap: pcap('scans/two_way_all_flags.pcap.gz'),
        filter: '',
        packets: false,
        count: '10',
      }),
    ).toContain('packets: 10 (');
    await expect(runCapture({ filter: '', packets: false })).rejects.toThrow(
      /exactly one of --pcap FILE or --device NAME/,
    );
  });
});
