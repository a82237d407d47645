/**
 * The sensor's edge path on one core: pcap -> decode -> flow table -> kdd41 + cic features, on
 * large captures built by repeating a real capture with shifted times: the worst case for the flow
 * table (default two_way_all_flags: every flag combination on reused ports, 0.45 flows a packet)
 * and a representative one (default the project's own lab capture samples/lab-sample/vic1.pcap.gz:
 * benign HTTP/SSH, scans, floods, slowloris). Times Debian's argus and tshark on the same files in
 * the same run and prints the ratios; then, in fresh child processes, the RSS with 1M concurrent
 * flows of 1, 2 and 5 packets and the evictions past the cap.
 *
 *   npm run bench:sensor -- [--source scans/two_way_all_flags.pcap.gz] [--also samples/lab-sample/vic1.pcap.gz]
 *                           [--packets 1000000] [--runs 3] [--runner node|tsx] [--skip-tools] [--skip-rss]
 *                           [--stages read,decode,flows,kdd41+cic]
 *
 * --source and --also take an absolute path, a path relative to the project, or a path under the
 * shared datasets' pcaps folder; `--also ''` skips the second capture, `--stages ''` both (RSS only).
 *
 * Children run as the sensor runs: plain `node` on JavaScript compiled by tsc (into a temporary
 * folder, at the start of the run), or with `--runner tsx` under `node --import tsx`. Each stage
 * runs in a fresh child process (`--pass-child STAGE --file CAPTURE`), so profile one stage on a
 * capture of your own with:
 *   node --cpu-prof --import tsx bench/sensor.ts --pass-child kdd41+cic --file CAPTURE.pcap --runs 3
 * or, as the children run (tsx's transpiled modules profile differently):
 *   node node_modules/typescript/bin/tsc --module nodenext --moduleResolution nodenext --target es2022 \
 *     --skipLibCheck --rootDir . --outDir /tmp/js bench/sensor.ts
 *   node --cpu-prof /tmp/js/bench/sensor.js --pass-child kdd41+cic --file CAPTURE.pcap --runs 3
 */
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCapture } from '../src/acquisition/pcap/index.js';
import { writeRepeatedCapture } from '../src/acquisition/pcap/repeat-capture.js';
import { PacketDecoder } from '../src/decode/index.js';
import { FlowTable } from '../src/flows/flow-table.js';
import { FeatureCollector } from '../src/features/collector.js';
import { createExtractors } from '../src/features/registry.js';
import type { Packet } from '../src/records/packet.js';

/** The project folder: this file's parent's parent (in a compiled child, the temporary folder; children do not use it). */
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values: args } = parseArgs({
  options: {
    source: { type: 'string', default: 'scans/two_way_all_flags.pcap.gz' },
    also: { type: 'string', default: 'samples/lab-sample/vic1.pcap.gz' },
    runner: { type: 'string', default: 'node' },
    packets: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    datasets: { type: 'string', default: resolve(projectRoot, '../shared/datasets') },
    'skip-tools': { type: 'boolean', default: false },
    'skip-rss': { type: 'boolean', default: false },
    'rss-child': { type: 'string' },
    'rss-packets-per-flow': { type: 'string', default: '1' },
    'pass-child': { type: 'string' },
    file: { type: 'string' },
    flows: { type: 'string', default: '1000000' },
    stages: { type: 'string', default: 'read,decode,flows,kdd41+cic' },
    'empty-child': { type: 'boolean', default: false },
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
      // Hand rows on in batches as a sensor would, and give the buffers back once sent, so memory stays flat.
      if (collector.pending >= 512) collector.recycle(collector.drain());
    },
    extractors,
  );
  // As src/flows/capture.ts decodes for flows: no payload view, no application naming.
  const decoder = new PacketDecoder({ payload: false });
  let packets = 0;
  let sink = 0;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for await (const batch of readCapture(path)) {
    packets += batch.length;
    if (stage === 'read') {
      for (const f of batch) sink += f.wireLength; // f.data would build the view the real path no longer makes
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
 * How children run: plain node on this file compiled by tsc (as the sensor runs from dist/), or
 * node with tsx transpiling on load. `script` is this file in that form.
 */
interface Runner {
  name: string;
  nodeArgs: string[];
  script: string;
}

/** Compile this bench and what it imports with the project's tsc into `dir`; plain node runs the result. */
function compiledRunner(dir: string): Runner {
  const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const argv = [
    tsc, '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck',
    '--rootDir', projectRoot, '--outDir', dir, join(projectRoot, 'bench', 'sensor.ts'),
  ];
  try {
    execFileSync(process.execPath, argv, { stdio: 'pipe' });
  } catch {
    // Type errors (someone else's work in progress) still emit JavaScript; only a missing output is fatal.
  }
  const script = join(dir, 'bench', 'sensor.js');
  if (!existsSync(script)) throw new Error(`tsc did not emit ${script}`);
  return { name: 'node on tsc output', nodeArgs: [], script };
}

function tsxRunner(): Runner {
  return { name: 'node --import tsx', nodeArgs: ['--import', 'tsx'], script: join(projectRoot, 'bench', 'sensor.ts') };
}

function runChild(runner: Runner, extraNodeArgs: string[], argv: string[]): string {
  const out = execFileSync(process.execPath, [...extraNodeArgs, ...runner.nodeArgs, runner.script, ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    cwd: projectRoot,
  });
  return out.trim().split('\n').pop()!;
}

/**
 * Each stage runs in a fresh process, as a sensor runs one pipeline: in one process, the JIT code
 * of an earlier stage (a flow table without observers, say) slows the later ones by 10-15%.
 */
function passesInChild(runner: Runner, file: string, stage: Stage, runs: number): PassResult[] {
  return JSON.parse(runChild(runner, [], ['--pass-child', stage, '--file', file, '--runs', String(runs)])) as PassResult[];
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

/** Packets each flow gets in the RSS child. */
type FlowShape = 1 | 2 | 5 | 6;

/**
 * Child mode: hold `count` concurrent flows (4096 hosts x ports to one server, as a scan or a
 * busy server would) in a table capped at `count` and allocated at that size up front (as a sensor
 * sized for its peak would be), then push 10% more to show eviction; print RSS. Shapes: 1 packet
 * (a SYN: scans, floods); 2 (SYN and SYN-ACK: every flow has state past its first packet, so cic
 * takes its statistics record); 5 (handshake, request and answer within a millisecond); 6 (the
 * same 5 packets, the request 6 s after the handshake, past cic's 5 s activity timeout: every flow
 * also has active and idle periods to keep, the worst case).
 */
function rssChild(features: string, count: number, shape: FlowShape): void {
  const extractors = createExtractors(features === '' ? [] : features.split(','));
  const collector = new FeatureCollector(extractors);
  const table = new FlowTable(
    (flow, slot) => {
      collector.accept(flow, slot);
      if (collector.pending >= 512) collector.recycle(collector.drain());
    },
    extractors,
    { maxFlows: count, initialCapacity: count },
  );
  const hosts = Array.from({ length: 4096 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.7`);
  const server = '192.168.0.10';
  const fwd: Packet = {
    tsMicros: 0, ifIndex: 0, wireLength: 74, capturedLength: 74, ipVersion: 4, srcIp: '', dstIp: server,
    proto: 'tcp', ipProto: 6, srcPort: 0, dstPort: 80, tcpFlags: 0, tcpWindow: 64240, payloadLength: 0,
  };
  const bwd: Packet = { ...fwd, srcIp: server, dstIp: '', srcPort: 80, dstPort: 0, tcpWindow: 65160 };
  const send = (p: Packet, ts: number, flags: number, payload: number): void => {
    p.tsMicros = ts;
    p.tcpFlags = flags;
    p.payloadLength = payload;
    p.wireLength = 66 + payload;
    table.add(p);
  };
  const feed = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const host = hosts[i % hosts.length]!;
      const port = 1024 + Math.floor(i / hosts.length);
      fwd.srcIp = bwd.dstIp = host;
      fwd.srcPort = bwd.dstPort = port;
      const t = 1_700_000_000_000_000 + i; // 1M flows started inside one second: none idles out
      send(fwd, t, 0x02, 0);
      if (shape >= 2) send(bwd, t + 1, 0x12, 0);
      if (shape >= 5) {
        const gap = shape === 6 ? 6_000_000 : 0;
        send(fwd, t + 2, 0x10, 0);
        send(fwd, t + gap + 3, 0x18, 400);
        send(bwd, t + gap + 503, 0x18, 1400);
      }
    }
  };
  feed(0, count);
  global.gc?.();
  const full = process.memoryUsage();
  const held = table.size;
  feed(count, Math.floor(count * 1.1));
  const peakMB = (process.resourceUsage().maxRSS * 1024) / 1e6; // maxRSS is in KiB
  console.log(
    JSON.stringify({
      features, held, rssMB: full.rss / 1e6, peakMB, heapMB: full.heapUsed / 1e6, arrayBuffersMB: full.arrayBuffers / 1e6,
      evictions: table.stats.evictions,
    }),
  );
}

function rssReport(runner: Runner, count: number): void {
  const budget = 300;
  console.log(
    `\nmemory with ${count.toLocaleString('en')} concurrent flows (${runner.name}, fresh process each; ` +
      'table capped at that, then 10% more flows pushed in):',
  );
  const cases: [string, FlowShape, string][] = [
    ['', 1, 'flow table only'],
    ['kdd41', 1, 'flow table + kdd41'],
    ['kdd41,cic', 1, 'flow table + kdd41,cic'],
    ['kdd41,cic', 2, '  same, 2 packets a flow'],
    ['kdd41,cic', 5, '  same, 5 packets a flow'],
    ['kdd41,cic', 6, '  same, 5 with a 6 s gap'],
  ];
  for (const [features, shape, label] of cases) {
    const r = JSON.parse(
      runChild(runner, ['--expose-gc'], ['--rss-child', features, '--flows', String(count), '--rss-packets-per-flow', String(shape)]),
    ) as { held: number; rssMB: number; peakMB: number; heapMB: number; arrayBuffersMB: number; evictions: number };
    console.log(
      `  ${label.padEnd(28)} RSS ${r.rssMB.toFixed(0)} MB (peak ${r.peakMB.toFixed(0)}; heap ${r.heapMB.toFixed(0)} MB, ` +
        `typed arrays ${r.arrayBuffersMB.toFixed(0)} MB), held ${r.held.toLocaleString('en')}, evictions ${r.evictions.toLocaleString('en')}` +
        (features.includes('cic') ? `  (budget ${budget} MB: ${r.rssMB <= budget ? 'met' : 'NOT met'})` : ''),
    );
  }
  const base = runChild(runner, ['--expose-gc'], ['--empty-child']);
  console.log(`  (an empty process of the same runner, this file loaded: RSS ${(Number(base) / 1e6).toFixed(0)} MB)`);
}

/** An absolute path, a path relative to the project, or a path under the datasets' pcaps folder. */
function resolveSource(source: string): string {
  if (isAbsolute(source)) return source;
  const inProject = resolve(projectRoot, source);
  if (existsSync(inProject)) return inProject;
  return join(args.datasets, 'pcaps', source);
}

const STAGE_LABELS: Record<Stage, string> = {
  read: 'read',
  decode: 'read + decode',
  flows: '+ flow table',
  'kdd41+cic': '+ kdd41 + cic features',
};

/** The per-stage table and the Debian tools' ratios on `source` repeated to --packets frames. */
async function benchCapture(runner: Runner, dir: string, source: string, stages: Stage[]): Promise<void> {
  const file = join(dir, `${basename(source).replace(/\W+/g, '_')}.pcap`);
  const built = await writeRepeatedCapture(resolveSource(source), file, Number(args.packets));
  console.log(
    `\ncapture: ${built.frames} packets (${source} x ${built.copies}, shifted times), ${(statSync(file).size / 1e6).toFixed(1)} MB; ` +
      `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
  );
  const runs = Number(args.runs);
  let fullPps = 0;
  let fullCpuPps = 0;
  for (const stage of stages) {
    const results = passesInChild(runner, file, stage, runs);
    const pps = built.frames / median(results.map((r) => r.seconds));
    const cpuPps = built.frames / median(results.map((r) => r.cpuSeconds));
    const last = results[results.length - 1]!;
    const extra = stage === 'read' || stage === 'decode' ? '' : `  ${last.flows} flows, ${last.evictions} evictions`;
    console.log(`${STAGE_LABELS[stage].padEnd(24)} ${mpps(pps)} wall, ${mpps(cpuPps)} per CPU-second  (median of ${runs})${extra}`);
    if (stage === 'kdd41+cic') {
      fullPps = pps;
      fullCpuPps = cpuPps;
    }
  }
  if (fullPps > 0) {
    const target = 1e6;
    console.log(
      `decode + flows + kdd41 + cic: ${mpps(fullPps)} wall / ${mpps(fullCpuPps)} per CPU-second on one core ` +
        `(target ${mpps(target)}: ${fullPps >= target ? 'met' : fullCpuPps >= target ? 'met in CPU time only' : 'NOT met'})`,
    );
  }
  if (args['skip-tools']) return;
  console.log('same file, Debian tools (including start-up):');
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
    const ratio = fullPps > 0 ? `   vigil/${cmd} = ${(fullPps / pps).toFixed(2)}x wall, ${(fullCpuPps / cpuPps).toFixed(2)}x CPU` : '';
    console.log(`  ${label.padEnd(36)} ${mpps(pps)} wall, ${mpps(cpuPps)} per CPU-second${ratio}`);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-sensor-'));
  try {
    if (args.runner !== 'node' && args.runner !== 'tsx') throw new Error(`--runner node|tsx, got ${args.runner}`);
    const runner = args.runner === 'node' ? compiledRunner(join(dir, 'js')) : tsxRunner();
    console.log(`children: ${runner.name}; load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (2 cores shared)`);
    const stages = args.stages.split(',').filter((x) => x !== '') as Stage[];
    if (stages.length > 0) {
      await benchCapture(runner, dir, args.source, stages);
      if (args.also !== '') await benchCapture(runner, dir, args.also, stages);
    }
    if (!args['skip-rss']) rssReport(runner, Number(args.flows));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (args['rss-child'] !== undefined) rssChild(args['rss-child'], Number(args.flows), Number(args['rss-packets-per-flow']) as FlowShape);
else if (args['pass-child'] !== undefined) await passChild(args['pass-child'] as Stage, args.file!, Number(args.runs));
else if (args['empty-child']) console.log(process.memoryUsage().rss);
else await main();
