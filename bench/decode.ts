/**
 * Capture reading and decoding throughput on one core, on a large real-derived pcap: a shared
 * capture repeated with shifted times (default two_way_all_flags, 1M packets). Also times tcpdump
 * on the same file (read floor `-w /dev/null`, and full decode to /dev/null) for comparison.
 *
 *   npm run bench:decode -- [--source scans/two_way_all_flags.pcap.gz] [--packets 1000000] [--runs 3]
 */
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readCapture } from '../src/acquisition/pcap/index.js';
import { writeRepeatedCapture } from '../src/acquisition/pcap/repeat-capture.js';
import { decodeFrame } from '../src/decode/index.js';

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

/** Wall and CPU seconds: on a shared machine the CPU time is the fairer "per core" figure. */
async function timeRead(
  path: string,
  decode: boolean,
): Promise<{ seconds: number; cpuSeconds: number; packets: number; anomalies: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let packets = 0;
  let anomalies = 0;
  let sink = 0;
  for await (const batch of readCapture(path)) {
    for (const f of batch) {
      packets++;
      if (decode) {
        const p = decodeFrame(f);
        sink += p.srcPort + p.payloadLength;
        if (p.anomalies !== undefined) anomalies++;
      } else sink += f.data.length;
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
    const source = join(args.datasets, 'pcaps', args.source);
    const built = await writeRepeatedCapture(source, file, Number(args.packets));
    console.log(
      `capture: ${built.frames} packets (${args.source} x ${built.copies}), ${(statSync(file).size / 1e6).toFixed(1)} MB`,
    );
    const runs = Number(args.runs);
    for (const [label, decode] of [
      ['read only', false],
      ['read + decode', true],
    ] as const) {
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await timeRead(file, decode));
      const last = results[results.length - 1]!;
      const pps = last.packets / median(results.map((r) => r.seconds));
      const cpuPps = last.packets / median(results.map((r) => r.cpuSeconds));
      console.log(
        `${label.padEnd(14)} ${fmt(pps)} wall, ${fmt(cpuPps)} per CPU-second  (median of ${runs}; ${last.anomalies} packets with anomalies)`,
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
