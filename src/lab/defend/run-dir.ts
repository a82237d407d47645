/**
 * Adapter: a defended run's files, read back into the measurements (defend.json). It works on a
 * finished run directory, so the figures can be recomputed without running the lab again:
 *   labels.json, <victim>-auth.log          the run's ground truth (the runner's)
 *   defend/agent-<victim>.events            the agents' stdout, stamped on arrival
 *   defend/instances.json                   each agent life and its nft counters at its end
 *   defend/<attacker>.pcap                  attacker-side captures
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LABELS_FILE, readLabels } from '../labels.js';
import { parseStampedLine } from '../stamp.js';
import { parseAgentLog, type AgentEvent } from './agent-events.js';
import { measureDefendedRun, type AgentInstance, type DefendReport } from './measure.js';
import { trackReplies } from './replies.js';

export const DEFEND_DIR = 'defend';
export const DEFEND_REPORT = 'defend.json';
export const INSTANCES_FILE = 'instances.json';

export function eventsFileOf(defendDir: string, victim: string): string {
  return join(defendDir, `agent-${victim}.events`);
}

export function attackerPcapOf(defendDir: string, attacker: string): string {
  return join(defendDir, `${attacker}.pcap`);
}

const FAILED = /Failed (?:password|none|publickey) for .* from (\d{1,3}(?:\.\d{1,3}){3}) /;

/** Failed sshd logins per attacker address, with the time each line was stamped. */
export function failedLoginsOf(authLogText: string): { ip: string; micros: number }[] {
  const out: { ip: string; micros: number }[] = [];
  for (const line of authLogText.split('\n')) {
    const p = parseStampedLine(line);
    const m = p && FAILED.exec(p.message);
    if (p && m) out.push({ ip: m[1]!, micros: p.tsMicros });
  }
  return out;
}

export async function measureRunDir(runDir: string, opts: { write?: boolean } = {}): Promise<DefendReport> {
  const labels = await readLabels(join(runDir, LABELS_FILE));
  const dir = join(runDir, DEFEND_DIR);
  if (!existsSync(join(dir, INSTANCES_FILE))) throw new Error(`${runDir} is not a defended run (no ${DEFEND_DIR}/${INSTANCES_FILE})`);
  const instances = JSON.parse(await readFile(join(dir, INSTANCES_FILE), 'utf8')) as AgentInstance[];
  const events = new Map<string, AgentEvent[]>();
  for (const c of labels.captures) events.set(c.host, parseAgentLog(await readFile(eventsFileOf(dir, c.host), 'utf8').catch(() => '')));
  const pcaps = labels.hosts.filter((h) => h.role === 'attacker').map((h) => attackerPcapOf(dir, h.name)).filter((f) => existsSync(f));
  const packets = await trackReplies(pcaps, labels.steps, labels.slackMicros);
  const failedLogins = new Map<string, { ip: string; micros: number }[]>();
  for (const a of labels.authLogs) failedLogins.set(a.host, failedLoginsOf(await readFile(join(runDir, a.file), 'utf8').catch(() => '')));
  const report = measureDefendedRun({ labels, events, packets, instances, failedLogins });
  if (opts.write !== false) await writeFile(join(runDir, DEFEND_REPORT), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
