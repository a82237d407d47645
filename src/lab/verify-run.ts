/**
 * Checks a run's labels against its own evidence: the victim pcaps (read with the project's capture
 * reader and decoder) and the stamped auth logs. It answers two questions:
 *   - does every attack step show up where its labels say (packets between its source and each target
 *     inside its window, in that target's capture)?
 *   - does any attacker send anything outside its steps' windows (slack included)?
 * `vigil lab verify RUN_DIR` prints this report; the lab's root test asserts on it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCapture } from '../acquisition/pcap/index.js';
import { decodeFrame } from '../decode/index.js';
import { LABELS_FILE, readLabels, type RunLabels, type StepLabel } from './labels.js';
import { parseStampedLine } from './stamp.js';

export interface StepEvidence {
  stepId: string;
  kind: StepLabel['kind'];
  /** Per target: packets between the step's source and that target inside the window (with slack). */
  packetsInWindow: Record<string, number>;
  /** Stamped sshd lines naming the step's source address inside the window. */
  authLinesInWindow: number;
  authFailuresInWindow: number;
}

export interface RunVerification {
  runDir: string;
  packets: number;
  /** Packets sent by an attacker address outside every window of that attacker's steps. */
  attackerPacketsOutsideWindows: number;
  /** Example times (microseconds) of such packets, for a reader to look at. */
  outsideExamples: { tsMicros: number; srcIp: string; dstIp: string }[];
  /** sshd lines naming an attacker address outside that attacker's windows. */
  attackerAuthLinesOutsideWindows: number;
  steps: StepEvidence[];
  /** Attack steps with no packet in some target's capture. */
  attackStepsWithoutPackets: string[];
}

function inWindow(ts: number, s: StepLabel, slack: number): boolean {
  return ts >= s.windowStartMicros - slack && ts <= s.windowEndMicros + slack;
}

/** The same port rule as the flow labels: the target end's port must be one the step lists, if it lists any. */
function portMatches(s: StepLabel, targetPort: number): boolean {
  return !s.targetPorts || s.targetPorts.length === 0 || s.targetPorts.includes(targetPort);
}

const SSH_PORT = 22;
const IPV4 = /\b(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})\b/;

export function verifyAuthLines(labels: RunLabels, authText: Map<string, string>): { outside: number; perStep: Map<string, { lines: number; failures: number }> } {
  const attackSteps = labels.steps.filter((s) => s.kind === 'attack');
  const attackerIps = new Set(attackSteps.map((s) => s.source.ip));
  const perStep = new Map(labels.steps.map((s) => [s.id, { lines: 0, failures: 0 }]));
  let outside = 0;
  for (const [host, text] of authText) {
    for (const line of text.split('\n')) {
      const parsed = parseStampedLine(line);
      const ip = parsed && IPV4.exec(parsed.message)?.[1];
      if (!parsed || !ip) continue;
      let matched = false;
      for (const s of labels.steps) {
        if (s.source.ip !== ip || !portMatches(s, SSH_PORT) || !s.targets.some((t) => t.host === host)) continue;
        if (!inWindow(parsed.tsMicros, s, labels.slackMicros)) continue;
        const e = perStep.get(s.id)!;
        e.lines++;
        if (parsed.message.startsWith('Failed password')) e.failures++;
        matched = true;
      }
      if (!matched && attackerIps.has(ip)) outside++;
    }
  }
  return { outside, perStep };
}

export async function verifyRun(runDir: string): Promise<RunVerification> {
  const labels = await readLabels(join(runDir, LABELS_FILE));
  const slack = labels.slackMicros;
  const attackSteps = labels.steps.filter((s) => s.kind === 'attack');
  const attackerIps = new Set(attackSteps.map((s) => s.source.ip));
  const counts = new Map(labels.steps.map((s) => [s.id, {} as Record<string, number>]));
  const report: RunVerification = {
    runDir, packets: 0, attackerPacketsOutsideWindows: 0, outsideExamples: [], attackerAuthLinesOutsideWindows: 0, steps: [], attackStepsWithoutPackets: [],
  };
  for (const capture of labels.captures) {
    for await (const batch of readCapture(join(runDir, capture.file))) {
      for (const frame of batch) {
        report.packets++;
        const p = decodeFrame(frame);
        if (!p.srcIp || !p.dstIp) continue;
        for (const s of labels.steps) {
          const fromSource = p.srcIp === s.source.ip;
          const other = fromSource ? p.dstIp : p.dstIp === s.source.ip ? p.srcIp : undefined;
          if (other === undefined || other !== capture.ip || !s.targets.some((t) => t.ip === other)) continue;
          if (!portMatches(s, fromSource ? p.dstPort : p.srcPort) || !inWindow(p.tsMicros, s, slack)) continue;
          const c = counts.get(s.id)!;
          c[capture.host] = (c[capture.host] ?? 0) + 1;
        }
        if (attackerIps.has(p.srcIp) && !attackSteps.some((s) => s.source.ip === p.srcIp && inWindow(p.tsMicros, s, slack))) {
          report.attackerPacketsOutsideWindows++;
          if (report.outsideExamples.length < 5) report.outsideExamples.push({ tsMicros: p.tsMicros, srcIp: p.srcIp, dstIp: p.dstIp });
        }
      }
    }
  }
  const authText = new Map<string, string>();
  for (const a of labels.authLogs) authText.set(a.host, await readFile(join(runDir, a.file), 'utf8').catch(() => ''));
  const auth = verifyAuthLines(labels, authText);
  report.attackerAuthLinesOutsideWindows = auth.outside;
  for (const s of labels.steps) {
    const packetsInWindow = counts.get(s.id)!;
    const a = auth.perStep.get(s.id)!;
    report.steps.push({ stepId: s.id, kind: s.kind, packetsInWindow, authLinesInWindow: a.lines, authFailuresInWindow: a.failures });
    if (s.kind === 'attack' && s.targets.some((t) => !(packetsInWindow[t.host]! > 0))) report.attackStepsWithoutPackets.push(s.id);
  }
  return report;
}
