/**
 * The collector against a real exporter: Debian's softflowd replays a shared capture to it over
 * loopback as NetFlow v5, v9, IPFIX and IPFIX biflows, and the collector must receive exactly the
 * records and datagrams softflowd reports sending. Skips without softflowd.
 *
 * softflowd 1.1.0 reading a pcap only advances while its control socket is being talked to
 * (see LAB-FACTS.md), so the test polls `softflowctl statistics` until the packet count settles.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import type { Flow } from '../../records/flow.js';
import { readCapture } from '../pcap/index.js';
import { HAVE_PCAPS, NO_PCAPS_REASON, hasTool, pcap } from '../testing/datasets.js';
import { FlowCollector, TemplateCache, decodeExport } from './index.js';
import { expectValidFlows } from '../testing/flow-records.case.js';

const HAVE_SOFTFLOWD = hasTool('softflowd') && hasTool('softflowctl');
const tmp = mkdtempSync(join(tmpdir(), 'vigil-netflow-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Replay `file` (in tmp) through softflowd to a fresh collector; returns flows, stats and softflowd's own report. */
async function replay(
  file: string,
  args: string[],
  expectedPackets: number,
): Promise<{ flows: Flow[]; collector: FlowCollector; report: string }> {
  const collector = await FlowCollector.start({ port: 0 });
  const flows: Flow[] = [];
  const collecting = (async () => {
    for await (const batch of collector) flows.push(...batch);
  })();
  const ctl = join(tmp, `sf-${args.join('')}.ctl`);
  // softflowd mangles long -r paths, so it runs in the capture's directory with a short name.
  const sf = spawn(
    'softflowd',
    [
      '-d',
      '-r',
      file,
      '-n',
      `127.0.0.1:${collector.port}`,
      '-A',
      'milli',
      '-c',
      ctl,
      '-p',
      join(tmp, 'sf.pid'),
      ...args,
    ],
    {
      cwd: tmp,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let report = '';
  sf.stdout.on('data', (d: Buffer) => (report += d.toString()));
  sf.stderr.on('data', (d: Buffer) => (report += d.toString()));
  let exited = false;
  const exit = new Promise((r) => sf.once('exit', () => r((exited = true))));
  let last = -1;
  // Until softflowd has read every packet (or its count has stood still for a second on a busy machine).
  for (let i = 0, same = 0; i < 600 && same < 20 && last < expectedPackets && !exited; i++) {
    await sleep(50);
    try {
      const stats = execFileSync('softflowctl', ['-c', ctl, 'statistics'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const n = Number(/Packets processed: (\d+)/.exec(stats)?.[1] ?? -1);
      same = n > 0 && n === last ? same + 1 : 0;
      last = n;
    } catch {
      // socket not there yet
    }
  }
  if (!exited) {
    try {
      execFileSync('softflowctl', ['-c', ctl, 'shutdown'], { stdio: 'ignore' });
    } catch {
      // softflowd also shuts itself down after the capture's end; its socket may be gone already
    }
  }
  await Promise.race([exit, sleep(10_000)]);
  if (!exited) sf.kill('SIGKILL');
  // Let the collector drain its socket: wait until no datagram has arrived for half a second.
  for (let seen = -1, quiet = 0; quiet < 10;) {
    await sleep(50);
    quiet = collector.stats.datagrams === seen ? quiet + 1 : 0;
    seen = collector.stats.datagrams;
  }
  await collector.close();
  await collecting;
  return { flows, collector, report };
}

/** softflowd's closing line: "Flows exported: F (R records) in P packets (X failures)". */
function exported(report: string): { records: number; packets: number } {
  const m = /Flows exported: \d+ \((\d+) records\) in (\d+) packets/.exec(report);
  return { records: Number(m?.[1] ?? -1), packets: Number(m?.[2] ?? -1) };
}

describe.skipIf(!HAVE_PCAPS || !HAVE_SOFTFLOWD)(
  `FlowCollector with softflowd (${!HAVE_PCAPS ? NO_PCAPS_REASON : HAVE_SOFTFLOWD ? 'present' : 'needs Debian softflowd'})`,
  () => {
    const name = 'tw.pcap';
    let frames = 0;
    let firstMicros = 0;

    it.each([
      ['NetFlow v5', ['-v', '5']],
      ['NetFlow v9', ['-v', '9']],
      ['IPFIX', ['-v', '10']],
      ['IPFIX biflows', ['-v', '10', '-b']],
    ])(
      'receives every record softflowd exports as %s',
      async (_label, args) => {
        if (frames === 0) {
          writeFileSync(join(tmp, name), gunzipSync(readFileSync(pcap('scans/two_way_all_flags.pcap.gz'))));
          for await (const batch of readCapture(join(tmp, name))) {
            if (frames === 0) firstMicros = batch[0]?.tsMicros ?? 0;
            frames += batch.length;
          }
        }
        const { flows, collector, report } = await replay(name, args, frames);
        const sent = exported(report);
        const got = collector.stats;
        expect(sent.records).toBeGreaterThan(0);
        expect(got.problems).toEqual({});
        expect(flows).toHaveLength(got.records);
        expectValidFlows(flows);
        // UDP may drop datagrams when this busy machine starves the collector; what the exporter's
        // sequence numbers say was lost must make up the difference exactly.
        if (args[1] === '9') expect(got.datagrams + got.lostDatagrams).toBe(sent.packets);
        else expect(got.records + got.lostRecords).toBe(sent.records);
        if (got.lostRecords === 0 && got.lostDatagrams === 0) {
          expect(got).toMatchObject({ datagrams: sent.packets, records: sent.records });
          // Every packet of the capture is in exactly one record (direction), or one biflow.
          expect(flows.reduce((n, f) => n + f.origPackets + f.respPackets, 0)).toBe(frames);
        }
        if (args.includes('-b')) expect(flows.some((f) => f.respPackets > 0)).toBe(true);
        if (args[1] !== '5') {
          // v9/IPFIX carry absolute milliseconds (-A milli); v5 only has exporter uptime, which for a
          // replayed capture anchors times to the export, not to the capture.
          expect(Math.min(...flows.map((f) => f.startMicros))).toBe(Math.floor(firstMicros / 1000) * 1000);
        }
      },
      60_000,
    );
  },
);

describe('decodeExport', () => {
  it('counts what it cannot decode', () => {
    const cache = new TemplateCache();
    expect(decodeExport(Uint8Array.from([0, 7, 0, 0]), 'x', cache).problems).toEqual([
      'netflow.unsupported-version-7',
    ]);
    expect(decodeExport(Uint8Array.from([0, 5, 0, 1]), 'x', cache).problems).toEqual(['v5.truncated-header']);
    // IPFIX header (16 bytes) + a data set for template 300 that was never announced.
    const ipfix = Uint8Array.from([
      0, 10, 0, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 44, 0, 8, 1, 2, 3, 4,
    ]);
    expect(decodeExport(ipfix, 'x', cache).problems).toEqual(['ipfix.unknown-template']);
  });
});
