/**
 * `npm run bench:pipeline`: the embedded pipeline on the shipped test capture (samples/lab-sample),
 * models trained on samples/lab-train. Prints, per detector, the replay throughput (packets and
 * flows per second of wall time, reading and decoding excluded: packets are decoded beforehand) and
 * the per-flow times: processing (batch arrival to decisions) and response (flow end to decision).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LABELS_FILE, readLabels } from '../src/lab/labels.js';
import { readAuthLog, readCapturePackets } from '../src/pipeline/adapters/capture-files.js';
import { interleave, type AgentTimeline } from '../src/pipeline/interleave.js';
import { buildReport } from '../src/pipeline/report.js';
import { createEmbeddedRun, labRunSources, trainOnLabRun } from '../src/roles/run.js';

const SAMPLES = fileURLToPath(new URL('../samples/', import.meta.url));
const detectors = (process.argv[2] ?? 'rules,gbdt,random-forest,svm-linear').split(',');
const rounds = Number(process.argv[3] ?? 3);

const { models } = await trainOnLabRun(join(SAMPLES, 'lab-train'), { detectors });
const test = join(SAMPLES, 'lab-sample');
const labels = await readLabels(join(test, LABELS_FILE));
const { agents, sources } = labRunSources(test, labels);
const timelines: AgentTimeline[] = [];
for (const s of sources) {
  const { packets } = await readCapturePackets(s.pcap);
  const logEvents = s.authLog ? (await readAuthLog(s.authLog)).events : [];
  timelines.push({ agent: s.agent, packets, logEvents });
}
const items = interleave(timelines);
const packets = timelines.reduce((n, t) => n + t.packets.length, 0);
console.log(`bench:pipeline  ${packets} packets, ${labels.captures.length} agents, best of ${rounds} rounds, node ${process.version}`);
console.log('detector        packets/s   flows/s   proc p50   proc p99   resp p50   resp p99');
for (const d of detectors) {
  let best = Infinity;
  let line = '';
  for (let r = 0; r < rounds; r++) {
    const p = createEmbeddedRun({ models, detector: d, agents });
    const t0 = performance.now();
    for (const item of items) {
      if (item.kind === 'logs') await p.pushLogEvents(item.agent, item.events);
      else await p.pushPackets(item.agent, item.packets);
    }
    await p.finish();
    const s = (performance.now() - t0) / 1000;
    if (s >= best) continue;
    best = s;
    const rep = buildReport(p.verdicts, p.alerts, p.decisions, labels.steps, labels.slackMicros);
    line =
      `${d.padEnd(14)} ${(packets / s / 1000).toFixed(1).padStart(8)}k ${(p.verdicts.length / s / 1000).toFixed(1).padStart(8)}k` +
      ` ${rep.processingP50Ms.toFixed(1).padStart(7)} ms ${rep.processingP99Ms.toFixed(1).padStart(7)} ms` +
      ` ${rep.responseP50Ms.toFixed(1).padStart(7)} ms ${rep.responseP99Ms.toFixed(1).padStart(7)} ms`;
  }
  console.log(line);
}
