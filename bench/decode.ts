/**
 * Capture reading and decoding throughput on one core, on a large real-derived pcap: a shared
 * capture repeated with shifted times (default two_way_all_flags, 1M packets). Also times tcpdump
 * on the same file (read floor `-w /dev/null`, and full decode to /dev/null) for comparison.
 *
 * Rows: reading alone (frames are read in place, no data view made); decoding into one reused
 * Packet as the sensor does (PacketDecoder), with and without payload views and application
 * naming (`payload: false`, what a flow table needs); and decodeFrame, a new Packet per frame.
 *
 *   npm run bench:decode -- [--source scans/two_way_all_flags.pcap.gz] [--packets 1000000] [--runs 3]
 *
 * --source is a path under the shared datasets' pcaps folder, or an absolute path.
 */
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { readCapture } from '../src/acquisition/pcap/index.js';
import { writeRepeatedCapture } from '../src/acquisition/pcap/repeat-capture.js';
import { PacketDecoder, decodeFrame } from '../src/decode/index.js';
import type { Packet } from '../src/records/packet.js';
import type { RawFrame } from '../src/acquisition/frame.js';

const { values: args } = parseArgs({
  options: {
    source: { type: 'string', default: 'scans/two_way_all_flags.pcap.gz' },
    packets: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    datasets: { type: 'string', default: resolve(process.cwd(), '../shared/datasets') },
  },
});

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (pps: number): string => `${(pps / 1e6).toFixed(2)}M pkt/s`;

/** How a row decodes a frame; undefined: read only. */
type Decode = ((f: RawFrame) => Packet) | undefined;

/** Wall and CPU seconds: on a shared machine the CPU time is the fairer "per core" figure. */
async function timeRead(
  path: string,
  makeDecode: () => Decode,
): Promise<{ seconds: number; cpuSeconds: number; packets: number; anomalies: number }> {
  const decode = makeDecode();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let packets = 0;
  let anomalies = 0;
  let sink = 0;
  for await (const batch of readCapture(path)) {
    for (const f of batch) {
      packets++;
      if (decode !== undefined) {
        const p = decode(f);
        sink += p.srcPort + p.payloadLength;
        if (p.anomalies !== undefined) anomalies++;
      } else sink += f.wireLength;
    }
  }
  if (sink < 0) console.log(sink);
  const cpu = process.cpuUsage(cpu0);
  return {
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    packets,
    anomalies,
  };
}

function timeCommand(cmd: string, argv: string[]): number | undefined {
  const t0 = process.hrtime.bigint();
  try {
    execFileSync(cmd, argv, { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-decode-'));
  try {
    const file = join(dir, 'bench.pcap');
    const source = isAbsolute(args.source) ? args.source : join(args.datasets, 'pcaps', args.source);
    const built = await writeRepeatedCapture(source, file, Number(args.packets));
    console.log(
      `capture: ${built.frames} packets (${args.source} x ${built.copies}), ${(statSync(file).size / 1e6).toFixed(1)} MB; ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );
    const runs = Number(args.runs);
    const rows: [string, () => Decode][] = [
      ['read only', () => undefined],
      [
        '+ PacketDecoder',
        () => {
          const d = new PacketDecoder();
          return (f) => d.decode(f);
        },
      ],
      [
        '+ PacketDecoder, payload: false',
        () => {
          const d = new PacketDecoder({ payload: false });
          return (f) => d.decode(f);
        },
      ],
      ['+ decodeFrame (new Packet each)', () => decodeFrame],
    ];
    for (const [label, decode] of rows) {
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await timeRead(file, decode));
      const last = results[results.length - 1]!;
      const pps = last.packets / median(results.map((r) => r.seconds));
      const cpuPps = last.packets / median(results.map((r) => r.cpuSeconds));
      console.log(
        `${label.padEnd(33)} ${fmt(pps)} wall, ${fmt(cpuPps)} per CPU-second  (median of ${runs}; ${last.anomalies} packets with anomalies)`,
      );
    }
    const floor = timeCommand('tcpdump', ['-r', file, '-w', '/dev/null']);
    const tcpdumpDecode = timeCommand('tcpdump', ['-nr', file]);
    if (floor !== undefined)
      console.log(`tcpdump -w /dev/null   ${fmt(built.frames / floor)}  (read floor, incl. start-up)`);
    if (tcpdumpDecode !== undefined)
      console.log(`tcpdump -nr (decode)   ${fmt(built.frames / tcpdumpDecode)}  (incl. start-up)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
