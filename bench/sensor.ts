/**
 * The sensor's edge path on one core: pcap -> decode -> flow table -> kdd41 + cic features, on a
 * large capture built by repeating a real shared capture with shifted times (default
 * two_way_all_flags: every flag combination on reused ports, so flows churn hard). Times Debian's
 * argus and tshark on the same file in the same run and prints the ratios; then, in fresh child
 * processes, the RSS with 1M concurrent flows and the evictions past the cap.
 *
 *   npm run bench:sensor -- [--source scans/two_way_all_flags.pcap.gz] [--packets 1000000] [--runs 3]
 *                           [--skip-tools] [--skip-rss] [--stages read,decode,flows,kdd41+cic]
 *
 * Each stage runs in a fresh child process (`--pass-child STAGE --file CAPTURE`), so profile one
 * stage on a capture of your own with:
 *   node --cpu-prof --import tsx bench/sensor.ts --pass-child kdd41+cic --file CAPTURE.pcap --runs 3
 */
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readCapture } from '../src/acquisition/pcap/index.js';
import { writeRepeatedCapture } from '../src/acquisition/pcap/repeat-capture.js';
import { PacketDecoder } from '../src/decode/index.js';
import { FlowTable } from '../src/flows/flow-table.js';
import { FeatureCollector } from '../src/features/collector.js';
import { createExtractors } from '../src/features/registry.js';
import type { Packet } from '../src/records/packet.js';

const { values: args } = parseArgs({
  options: {
    source: { type: 'string', default: 'scans/two_way_all_flags.pcap.gz' },
    packets: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    datasets: { type: 'string', default: resolve(process.cwd(), '../shared/datasets') },
    'skip-tools': { type: 'boolean', default: false },
    'skip-rss': { type: 'boolean', default: false },
    'rss-child': { type: 'string' },
    'rss-packets-per-flow': { type: 'string', default: '1' },
    'pass-child': { type: 'string' },
    file: { type: 'string' },
    flows: { type: 'string', default: '1000000' },
    stages: { type: 'string', default: 'read,decode,flows,kdd41+cic' },
  },
});

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mpps = (pps: number): string => `${(pps / 1e6).toFixed(2)}M pkt/s`;

type Stage = 'read' | 'decode' | 'flows' | 'kdd41+cic';

interface PassResult {
  seconds: number;
  /** CPU seconds of this process (user + system): the per-core figure on a machine others share. */
  cpuSeconds: number;
  packets: number;
  flows: number;
  evictions: number;
}

/** One pass over the file through the pipeline up to `stage`. */
async function pass(path: string, stage: Stage): Promise<PassResult> {
  const extractors = stage === 'kdd41+cic' ? createExtractors(['kdd41', 'cic']) : [];
  const collector = new FeatureCollector(extractors);
  let flows = 0;
  const table = new FlowTable(
    (flow, slot) => {
      flows++;
      collector.accept(flow, slot);
      // Hand rows on in batches as a sensor would, so memory stays flat.
      if (collector.pending >= 512) collector.drain();
    },
    extractors,
  );
  const decoder = new PacketDecoder();
  let packets = 0;
  let sink = 0;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for await (const batch of readCapture(path)) {
    packets += batch.length;
    if (stage === 'read') {
      for (const f of batch) sink += f.data.length;
      continue;
    }
    for (let i = 0; i < batch.length; i++) {
      const p = decoder.decode(batch[i]!);
      if (stage === 'decode') sink += p.srcPort;
      else table.add(p);
    }
  }
  if (stage !== 'read' && stage !== 'decode') table.flush();
  collector.drain();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  if (sink < 0) console.log(sink);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, packets, flows, evictions: table.stats.evictions };
}

/**
 * Each stage runs in a fresh process, as a sensor runs one pipeline: in one process, the JIT code
 * of an earlier stage (a flow table without observers, say) slows the later ones by 10-15%.
 */
function passesInChild(file: string, stage: Stage, runs: number): PassResult[] {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'bench/sensor.ts', '--pass-child', stage, '--file', file, '--runs', String(runs)],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as PassResult[];
}

async function passChild(stage: Stage, file: string, runs: number): Promise<void> {
  const results: PassResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await pass(file, stage));
  console.log(JSON.stringify(results));
}

function installed(cmd: string): boolean {
  try {
    execFileSync('bash', ['-c', 'command -v "$1"', 'bash', cmd], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Wall and CPU seconds (user + system, from bash's `time`) of a command run to completion. */
function timeCommand(cmd: string, argv: string[]): { wall: number; cpu: number } | undefined {
  try {
    const out = execFileSync(
      'bash',
      ['-c', 'TIMEFORMAT="%R %U %S"; { time "$@" >/dev/null 2>&1 ; } 2>&1', 'bash', cmd, ...argv],
      { encoding: 'utf8' },
    );
    const [wall, user, sys] = out.trim().split(/\s+/).slice(-3).map(Number) as [number, number, number];
    if (!Number.isFinite(wall)) return undefined;
    return { wall, cpu: user + sys };
  } catch {
    return undefined;
  }
}

/**
 * Child mode: hold `count` concurrent flows (4096 hosts x ports to one server, as a scan or a
 * busy server would) in a table capped at `count` and allocated at that size up front (as a sensor
 * sized for its peak would be), then push 10% more to show eviction; print RSS. With
 * `packetsPerFlow` 2 each SYN gets its SYN-ACK, so every flow has state past its first packet
 * (the worst case for cic, which keeps a full record only for such flows).
 */
function rssChild(features: string, count: number, packetsPerFlow: number): void {
  const extractors = createExtractors(features === '' ? [] : features.split(','));
  const collector = new FeatureCollector(extractors);
  const table = new FlowTable(
    (flow, slot) => {
      collector.accept(flow, slot);
      if (collector.pending >= 512) collector.drain();
    },
    extractors,
    { maxFlows: count, initialCapacity: count },
  );
  const hosts = Array.from({ length: 4096 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.7`);
  const server = '192.168.0.10';
  const pkt: Packet = {
    tsMicros: 0, ifIndex: 0, wireLength: 74, capturedLength: 74, ipVersion: 4, srcIp: '', dstIp: server,
    proto: 'tcp', ipProto: 6, srcPort: 0, dstPort: 80, tcpFlags: 2, tcpWindow: 64240, payloadLength: 0,
  };
  const reply: Packet = { ...pkt, srcIp: server, dstIp: '', srcPort: 80, dstPort: 0, tcpFlags: 0x12, tcpWindow: 65160 };
  const feed = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const host = hosts[i % hosts.length]!;
      const port = 1024 + Math.floor(i / hosts.length);
      pkt.tsMicros = 1_700_000_000_000_000 + i; // 1M flows inside one second: none idles out
      pkt.srcIp = host;
      pkt.srcPort = port;
      table.add(pkt);
      if (packetsPerFlow >= 2) {
        reply.tsMicros = pkt.tsMicros;
        reply.dstIp = host;
        reply.dstPort = port;
        table.add(reply);
      }
    }
  };
  feed(0, count);
  global.gc?.();
  const full = process.memoryUsage();
  const held = table.size;
  feed(count, Math.floor(count * 1.1));
  console.log(
    JSON.stringify({ features, held, rssMB: full.rss / 1e6, heapMB: full.heapUsed / 1e6, arrayBuffersMB: full.arrayBuffers / 1e6, evictions: table.stats.evictions }),
  );
}

function rssReport(count: number): void {
  console.log(`\nmemory with ${count.toLocaleString('en')} concurrent flows (fresh process each; table capped at that, then 10% more flows pushed in):`);
  const cases: [string, number, string][] = [
    ['', 1, 'flow table only'],
    ['kdd41', 1, 'flow table + kdd41'],
    ['kdd41,cic', 1, 'flow table + kdd41,cic'],
    ['kdd41,cic', 2, '  same, 2 packets a flow'],
  ];
  for (const [features, perFlow, label] of cases) {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'bench/sensor.ts', '--rss-child', features, '--flows', String(count), '--rss-packets-per-flow', String(perFlow)],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    const r = JSON.parse(out.trim().split('\n').pop()!) as {
      held: number; rssMB: number; heapMB: number; arrayBuffersMB: number; evictions: number;
    };
    console.log(
      `  ${label.padEnd(26)} RSS ${r.rssMB.toFixed(0)} MB (heap ${r.heapMB.toFixed(0)} MB, typed arrays ${r.arrayBuffersMB.toFixed(0)} MB), ` +
        `held ${r.held.toLocaleString('en')}, evictions ${r.evictions.toLocaleString('en')}` +
        (perFlow === 1 && features.includes('cic') ? (r.rssMB <= 300 ? '  (budget 300 MB: met)' : '  (budget 300 MB: NOT met)') : ''),
    );
  }
  const base = execFileSync(process.execPath, ['--import', 'tsx', '-e', 'console.log(process.memoryUsage().rss)'], { encoding: 'utf8' });
  console.log(`  (an empty node + tsx process: RSS ${(Number(base.trim()) / 1e6).toFixed(0)} MB)`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-sensor-'));
  try {
    const file = join(dir, 'bench.pcap');
    const source = join(args.datasets, 'pcaps', args.source);
    const built = await writeRepeatedCapture(source, file, Number(args.packets));
    console.log(`capture: ${built.frames} packets (${args.source} x ${built.copies}, shifted times), ${(statSync(file).size / 1e6).toFixed(1)} MB`);
    console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (2 cores shared; figures drop when others run)`);
    const runs = Number(args.runs);
    let full: PassResult | undefined;
    let fullPps = 0;
    let fullCpuPps = 0;
    const stages = args.stages.split(',') as Stage[];
    for (const stage of stages) {
      const results = passesInChild(file, stage, runs);
      const pps = built.frames / median(results.map((r) => r.seconds));
      const cpuPps = built.frames / median(results.map((r) => r.cpuSeconds));
      const last = results[results.length - 1]!;
      const label = { read: 'read', decode: 'read + decode', flows: '+ flow table', 'kdd41+cic': '+ kdd41 + cic features' }[stage];
      const extra = stage === 'read' || stage === 'decode' ? '' : `  ${last.flows} flows, ${last.evictions} evictions`;
      console.log(`${label.padEnd(24)} ${mpps(pps)} wall, ${mpps(cpuPps)} per CPU-second  (median of ${runs})${extra}`);
      if (stage === 'kdd41+cic') {
        full = last;
        fullPps = pps;
        fullCpuPps = cpuPps;
      }
    }
    const target = 1e6;
    console.log(
      `decode + flows + kdd41 + cic: ${mpps(fullPps)} wall / ${mpps(fullCpuPps)} per CPU-second on one core ` +
        `(target ${mpps(target)}: ${fullPps >= target ? 'met' : fullCpuPps >= target ? 'met in CPU time only' : 'NOT met'})`,
    );
    if (!args['skip-tools']) {
      console.log('\nsame file, Debian tools (including start-up):');
      const tools: [string, string, string[]][] = [
        ['argus -r FILE -w /dev/null', 'argus', ['-r', file, '-w', '/dev/null']],
        ['tshark -q -z conv,tcp -z conv,udp', 'tshark', ['-n', '-r', file, '-q', '-z', 'conv,tcp', '-z', 'conv,udp']],
      ];
      for (const [label, cmd, argv] of tools) {
        if (!installed(cmd)) {
          console.log(`  ${label.padEnd(36)} not available (scripts/setup.sh installs it)`);
          continue;
        }
        const t = timeCommand(cmd, argv);
        if (t === undefined) {
          console.log(`  ${label.padEnd(36)} failed`);
          continue;
        }
        const pps = built.frames / t.wall;
        const cpuPps = built.frames / t.cpu;
        console.log(
          `  ${label.padEnd(36)} ${mpps(pps)} wall, ${mpps(cpuPps)} per CPU-second   ` +
            `vigil/${cmd} = ${(fullPps / pps).toFixed(2)}x wall, ${(fullCpuPps / cpuPps).toFixed(2)}x CPU`,
        );
      }
    }
    void full;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!args['skip-rss']) rssReport(Number(args.flows));
}

if (args['rss-child'] !== undefined) rssChild(args['rss-child'], Number(args.flows), Number(args['rss-packets-per-flow']));
else if (args['pass-child'] !== undefined) await passChild(args['pass-child'] as Stage, args.file!, Number(args.runs));
else await main();
