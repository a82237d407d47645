/**
 * `vigil lab run SCENARIO --defend`: a defending agent in every victim's namespace (agent.ts), a
 * capture in every attacker's namespace (the only place that shows when the victim stopped
 * answering), and afterwards the measurements (measure.ts) written to defend.json in the run dir.
 *
 * One agent life per attack: before an attack step, an agent that has blocked something is
 * stopped (its nft counters read first), its table deleted and a fresh agent started, so each
 * attack meets a victim that has not blocked its source already (the scenarios reuse attackers).
 * Agents that blocked nothing keep running.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { entriesFromNftJson } from '../../response/nftables/nft-json.js';
import type { ActiveEntry } from '../../response/backend.js';
import { VictimCapture } from '../capture.js';
import { nowMicros } from '../clock.js';
import type { DefendedVictim, DefenderLauncher, RunningDefender } from '../defender.js';
import { runIn } from '../exec.js';
import type { ScenarioStep } from '../scenario.js';
import type { LabState } from '../state.js';
import { toolCatalog } from '../tools/index.js';
import { DEFAULT_DETECTOR, trainOnLabRun } from '../../roles/run.js';
import { parseAgentLog } from './agent-events.js';
import { DefendingAgent } from './agent.js';
import { DEFEND_TABLE, defendConfigYaml } from './defend-config.js';
import { saveTrainedModels } from './model-bundle.js';
import type { AgentInstance, DefendReport } from './measure.js';
import { attackerPcapOf, DEFEND_DIR, eventsFileOf, INSTANCES_FILE, measureRunDir } from './run-dir.js';

export interface DefendOptions {
  /** Lab run the models are trained on, once, before the agents start (they load the saved models). */
  train: string;
  /** @default DEFAULT_DETECTOR, the one `vigil run` runs (ensemble) */
  detector?: string;
  log?: (line: string) => void;
}

interface VictimSlot {
  victim: DefendedVictim;
  agent?: DefendingAgent;
  instance?: AgentInstance;
  lives: number;
  eventsFile: string;
}

export class DefendSession {
  readonly dir: string;
  private readonly slots = new Map<string, VictimSlot>();
  private readonly instances: AgentInstance[] = [];
  private readonly attackerCaptures: VictimCapture[];
  /** Every agent PID this session started, for a caller to check none outlives it. */
  readonly agentPids: number[] = [];

  constructor(
    private readonly state: LabState,
    private readonly outDir: string,
    private readonly opts: DefendOptions,
  ) {
    this.dir = join(outDir, DEFEND_DIR);
    this.attackerCaptures = state.hosts
      .filter((h) => h.role === 'attacker')
      .map((h) => new VictimCapture(`${state.prefix}${h.name}`, attackerPcapOf(this.dir, h.name), join(this.dir, `tcpdump-${h.name}.log`), 128));
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }

  /** Trains the models once and saves them for every agent to load, then starts the attacker-side captures. */
  async prepare(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const detector = this.opts.detector ?? DEFAULT_DETECTOR;
    const t0 = nowMicros();
    const { models } = await trainOnLabRun(this.opts.train, { detectors: [detector] });
    await saveTrainedModels(this.modelsDir, models);
    this.log(`defend: ${detector} trained on ${this.opts.train} in ${((nowMicros() - t0) / 1e6).toFixed(1)} s, saved to ${this.modelsDir}`);
    for (const c of this.attackerCaptures) await c.start();
  }

  get modelsDir(): string {
    return join(this.dir, 'models');
  }

  async stopCaptures(): Promise<void> {
    for (const c of this.attackerCaptures) await c.stop().catch(() => undefined);
  }

  readonly launcher: DefenderLauncher = {
    start: async (victim: DefendedVictim): Promise<RunningDefender> => {
      const slot: VictimSlot = { victim, lives: 0, eventsFile: eventsFileOf(this.dir, victim.host) };
      this.slots.set(victim.host, slot);
      await this.startLife(slot);
      return { pid: slot.agent!.pid ?? -1, stop: () => this.endLife(slot) };
    },
  };

  /** The runner's beforeStep hook: fresh agents for an attack where an agent already blocked something. */
  readonly beforeStep = async (step: ScenarioStep): Promise<void> => {
    if (toolCatalog[step.tool]?.kind !== 'attack') return;
    const stale: VictimSlot[] = [];
    for (const slot of this.slots.values()) if (slot.instance && (await this.hasBlocked(slot))) stale.push(slot);
    if (stale.length === 0) return;
    this.log(`defend: fresh agents on ${stale.map((s) => s.victim.host).join(', ')} before ${step.id}`);
    await Promise.all(stale.map(async (slot) => {
      await this.endLife(slot);
      await this.startLife(slot);
    }));
  };

  private async hasBlocked(slot: VictimSlot): Promise<boolean> {
    const since = slot.instance!.startedMicros;
    const events = parseAgentLog(await readFile(slot.eventsFile, 'utf8').catch(() => ''));
    return events.some((e) => e.kind === 'decision' && e.micros >= since && e.action !== 'notify');
  }

  private async startLife(slot: VictimSlot): Promise<void> {
    const { victim } = slot;
    slot.lives++;
    const base = join(this.dir, `${victim.host}-${slot.lives}`);
    await writeFile(`${base}.yaml`, defendConfigYaml(this.state, { storePath: `${base}.db` }));
    await this.deleteTable(victim.ns);
    const agent = new DefendingAgent({
      ns: victim.ns, iface: victim.iface, ownIp: victim.ip, authLogPath: victim.authLogPath,
      configPath: `${base}.yaml`, models: this.modelsDir, detector: this.opts.detector ?? DEFAULT_DETECTOR, eventsFile: slot.eventsFile, errFile: `${base}.err`,
    });
    const t0 = nowMicros();
    await agent.start();
    slot.agent = agent;
    if (agent.pid !== undefined) this.agentPids.push(agent.pid);
    slot.instance = { victim: victim.host, victimIp: victim.ip, startedMicros: nowMicros(), nftEntries: [] };
    this.instances.push(slot.instance);
    this.log(`defend: agent ${slot.lives} on ${victim.host} (pid ${agent.pid}) capturing after ${((nowMicros() - t0) / 1e6).toFixed(1)} s`);
  }

  /** Reads the table's counters, stops the agent, and removes its table from the victim's namespace. */
  private async endLife(slot: VictimSlot): Promise<void> {
    if (!slot.agent || !slot.instance) return;
    slot.instance.nftEntries = await this.readTable(slot.victim.ns);
    await slot.agent.stop();
    slot.instance.stoppedMicros = nowMicros();
    await writeFile(join(this.dir, INSTANCES_FILE), `${JSON.stringify(this.instances, null, 2)}\n`);
    await this.deleteTable(slot.victim.ns);
    slot.agent = undefined;
    slot.instance = undefined;
  }

  private async readTable(ns: string): Promise<ActiveEntry[]> {
    try {
      const r = await runIn(ns, ['nft', '-j', 'list', 'table', 'inet', DEFEND_TABLE]);
      return entriesFromNftJson(r.stdout).entries;
    } catch {
      return []; // no table: the agent never applied anything
    }
  }

  private async deleteTable(ns: string): Promise<void> {
    await runIn(ns, ['nft', 'delete', 'table', 'inet', DEFEND_TABLE]).catch(() => undefined);
  }

  /** After the run (labels written): the measurements, written to defend.json in the run dir. */
  report(): Promise<DefendReport> {
    return measureRunDir(this.outDir);
  }
}
