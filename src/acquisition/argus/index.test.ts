/**
 * argus CSV on real argus output: the test runs Debian's argus and ra on the shared captures
 * (skips when they are absent) and checks the flows against our own pcap reader and decoder.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCapture } from '../pcap/index.js';
import { decodeFrame } from '../../decode/index.js';
import { HAVE_PCAPS, NO_PCAPS_REASON, hasTool, listPcaps, pcap } from '../testing/datasets.js';
import { ARGUS_FIELDS, parseArgusCsv, readArgusCsv } from './index.js';
import { expectValidFlows } from '../testing/flow-records.case.js';

const HAVE_ARGUS = hasTool('argus') && hasTool('ra');
const tmp = mkdtempSync(join(tmpdir(), 'vigil-argus-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Real argus output for a shared capture: argus -A (app bytes) then ra to CSV. */
function argusCsv(capture: string): string {
  const name = capture.replace(/\W/g, '_');
  const raw = join(tmp, `${name}.cap`);
  writeFileSync(raw, execFileSync('zcat', [capture], { maxBuffer: 64 << 20 }));
  const records = join(tmp, `${name}.argus`);
  rmSync(records, { force: true }); // argus -w appends
  execFileSync('argus', ['-A', '-r', raw, '-w', records], { stdio: 'ignore' });
  const csv = join(tmp, `${name}.csv`);
  writeFileSync(
    csv,
    execFileSync('ra', ['-r', records, '-u', '-n', '-c', ',', '-s', ...ARGUS_FIELDS], { encoding: 'utf8' }),
  );
  return csv;
}

async function frameCount(capture: string): Promise<number> {
  let n = 0;
  for await (const batch of readCapture(capture)) n += batch.length;
  return n;
}

describe.skipIf(!HAVE_PCAPS || !HAVE_ARGUS)(
  `readArgusCsv on real argus output (${!HAVE_PCAPS ? NO_PCAPS_REASON : HAVE_ARGUS ? 'argus present' : 'needs Debian argus-server and argus-client'})`,
  () => {
    it.skipIf(!hasTool('mergecap'))(
      'accounts for every packet of all shared captures, as our reader counts them',
      async () => {
        // One argus run over all captures merged in time order into one Ethernet pcap keeps this quick.
        const all = join(tmp, 'all.pcap');
        execFileSync('mergecap', ['-F', 'pcap', '-w', all, ...listPcaps()]);
        const gz = `${all}.gz`;
        writeFileSync(gz, gzipSync(readFileSync(all)));
        const { records, problems } = await readArgusCsv(argusCsv(gz));
        expect(problems).toEqual([]);
        const packets = records.reduce((n, f) => n + f.origPackets + f.respPackets, 0);
        expect(packets).toBe(await frameCount(all));
        expect(records.length).toBeGreaterThan(1000);
        expectValidFlows(records);
      },
      60_000,
    );

    it('reads one DNS flow exactly; its payload bytes match our decoder on the same packets', async () => {
      const capture = pcap('benign/http_espn.pcapng.gz');
      const { records } = await readArgusCsv(argusCsv(capture));
      const dns = records.find((f) => f.origPort === 56346);
      expect(dns).toMatchObject({
        proto: 'udp',
        origIp: '172.16.0.122',
        respIp: '4.2.2.1',
        respPort: 53,
        startMicros: 1270661369782934,
        endMicros: 1270661369794599,
        origPackets: 1,
        respPackets: 1,
        origWireBytes: 72,
        respWireBytes: 88,
        origBytes: 30,
        respBytes: 46,
        service: 'domain_u',
        flag: 'SF',
        source: 'argus',
      });
      const payloads: number[] = [];
      for await (const batch of readCapture(capture)) {
        for (const f of batch) {
          const p = decodeFrame(f);
          if (p.proto === 'udp' && (p.srcPort === 56346 || p.dstPort === 56346))
            payloads.push(p.payloadLength);
        }
      }
      expect(payloads).toEqual([30, 46]);
    });
  },
);

describe('parseArgusCsv', () => {
  it('names lines it cannot use', () => {
    const { records, problems } = parseArgusCsv([
      '1270661369.782934,1270661369.794599,udp,1.2.3.4,5,  <->,5.6.7.8,53,1,1,72,88',
      'StartTime,Proto,SrcAddr,Sport,DstAddr,Dport,SrcPkts,DstPkts,State',
      '18:01:02.000000,tcp,1.2.3.4,5,5.6.7.8,80,1,0,REQ',
      '1270661369.5,tcp,1.2.3.4,5,5.6.7.8,80,1,0,REQ',
      '1270661369.5,icmp,1.2.3.4,0x0008,5.6.7.8,0x0000,1,1,ECO',
    ]);
    expect(problems).toEqual([
      { lineNo: 1, code: 'argus.no-header', detail: 'run ra with a header (default) and -c ,' },
      { lineNo: 3, code: 'argus.bad-time', detail: 'StartTime "18:01:02.000000" (ra needs -u)' },
    ]);
    expect(records.map((f) => [f.proto, f.startMicros, f.flag, f.service])).toEqual([
      ['tcp', 1270661369500000, 'S0', 'http'],
      ['icmp', 1270661369500000, 'SF', 'eco_i'],
    ]);
  });
});
