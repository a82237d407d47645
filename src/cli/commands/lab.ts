/**
 * `vigil lab up | run SCENARIO | down | status | validate`: the namespace lab (src/lab). Only option
 * parsing and printing live here.
 */
import { Command } from 'commander';
import { join } from 'node:path';
import { labDown, labStatus, labUp, requireRoot } from '../../lab/lab.js';
import { exportLabelledFlows } from '../../lab/flow-export.js';
import { LABELS_FILE, readLabels } from '../../lab/labels.js';
import { packRun } from '../../lab/pack.js';
import { runScenario } from '../../lab/runner.js';
import { DefendSession } from '../../lab/defend/session.js';
import { uncommittedSource } from '../../lab/defend/source-state.js';
import { measureRunDir } from '../../lab/defend/run-dir.js';
import { formatDefendTable } from '../../lab/defend/report-table.js';
import { PROJECT_ROOT } from '../../lab/paths.js';
import { DEFAULT_DETECTOR } from '../../roles/run.js';
import { verifyRun } from '../../lab/verify-run.js';
import { loadScenario, scenarioMaxSeconds } from '../../lab/scenario.js';
import { requireState } from '../../lab/state.js';
import { defaultLabConfig, type LabConfig } from '../../lab/topology.js';

interface LabCliOptions {
  prefix: string;
  stateDir: string;
}

function withLabOptions(cmd: Command): Command {
  return cmd
    .option('--prefix <prefix>', 'prefix of every namespace and of the test user', 'vl-')
    .option('--state-dir <dir>', 'where the lab keeps its state, configs and daemon logs', '/run/vigil-lab');
}

function config(opts: LabCliOptions): LabConfig {
  return defaultLabConfig({ prefix: opts.prefix, stateDir: opts.stateDir });
}

function stamp(d = new Date()): string {
  return d.toISOString().slice(0, 19).replaceAll(':', '').replace('T', '-');
}

let epipeIgnored = false;
/**
 * Prints a line. A reader that goes away (`| head`) must not crash a run midway and leave its tools
 * and capture behind, so EPIPE on stdout is ignored (only once a lab command prints).
 */
function say(line: string): void {
  if (!epipeIgnored) {
    epipeIgnored = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  process.stdout.write(`${line}\n`);
}

export function register(program: Command): void {
  const lab = program
    .command('lab')
    .description('namespace lab: real attack tools against real services, with ground truth (needs root)');

  withLabOptions(lab.command('up').description('build the namespaces, the test user and the victims\' services')).action(async (opts: LabCliOptions) => {
    const r = await labUp(config(opts));
    say(`lab up in ${(r.millis / 1000).toFixed(1)} s (${r.tools})`);
    for (const h of r.state.hosts) say(`  ${h.role.padEnd(8)} ${h.name.padEnd(5)} ${h.ip.padEnd(12)} netns ${r.state.prefix}${h.name}`);
    say(`  daemons: ${r.state.daemons.map((d) => `${d.role}@${d.host}(${d.pid})`).join(' ')}`);
  });

  withLabOptions(
    lab
      .command('run')
      .argument('<scenario>', 'a scenario name (lab/scenarios/NAME.yaml) or a path to a scenario file')
      .option('--out <dir>', 'run directory (default: lab-runs/SCENARIO-TIME)')
      .option('--defend', 'run `vigil run --enforce` in every victim namespace and measure detection and blocking per attack (defend.json)')
      .option('--defend-train <dir>', 'lab run, or folder of lab runs, the models are trained on (once; the agents load them from defend/models)', join(PROJECT_ROOT, 'samples', 'lab-train'))
      .option('--defend-detector <name>', 'detector the defending agents run (default: vigil run\'s)', DEFAULT_DETECTOR)
      .description('run a scenario and write its ground truth: labels, victim pcaps, auth logs, labelled flows'),
  ).action(async (name: string, opts: LabCliOptions & { out?: string; defend?: boolean; defendTrain: string; defendDetector: string }) => {
    requireRoot('vigil lab run');
    const cfg = config(opts);
    const state = await requireState(cfg.stateDir);
    const scenario = await loadScenario(name, { ...cfg, hosts: state.hosts });
    const outDir = opts.out ?? join('lab-runs', `${scenario.name}-${stamp()}`);
    say(`running ${scenario.name} (${scenario.steps.length} steps, at most ${scenarioMaxSeconds(scenario)} s) into ${outDir}`);
    const abort = new AbortController();
    const onSigint = (): void => {
      say('interrupted: stopping the running tools');
      abort.abort();
    };
    process.once('SIGINT', onSigint);
    const defend = opts.defend ? new DefendSession(state, outDir, { train: opts.defendTrain, detector: opts.defendDetector, log: say }) : undefined;
    const changed = defend ? uncommittedSource(PROJECT_ROOT) : [];
    if (changed.length > 0) {
      say(`defend: warning: the agents run this checkout's source, and ${changed.length} file(s) under src/ differ from the last commit: ` +
        `${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ', …' : ''}`);
    }
    try {
      await defend?.prepare();
      const r = await runScenario(state, scenario, {
        outDir, signal: abort.signal, log: say,
        ...(defend ? { defender: defend.launcher, beforeStep: defend.beforeStep } : {}),
      }).finally(() => defend?.stopCaptures());
      for (const s of r.labels.steps) {
        const secs = ((s.windowEndMicros - s.windowStartMicros) / 1e6).toFixed(1);
        say(`  ${s.id.padEnd(14)} ${s.kind.padEnd(6)} ${s.category.padEnd(11)} ${s.source.ip} -> ${s.targets.map((t) => t.ip).join(',')}  ${secs} s  exit ${JSON.stringify(s.commands.exitCodes)}`);
      }
      if (r.flowExportError) process.exitCode = 1;
      if (defend) {
        const report = await defend.report();
        for (const line of formatDefendTable(report)) say(line);
        say(`defence measurements: ${join(outDir, 'defend.json')}`);
        if (!report.allAttacksBlocked || !report.noBenignBlocked) process.exitCode = 1;
      }
    } finally {
      process.off('SIGINT', onSigint);
    }
  });

  withLabOptions(lab.command('down').description('stop the lab\'s daemons (by recorded PID), delete its namespaces and test user')).action(
    async (opts: LabCliOptions) => {
      const r = await labDown(config(opts));
      say(`stopped: ${r.daemons.map((d) => `${d.role}@${d.host}(${d.pid}) ${d.outcome}`).join(', ') || 'nothing recorded'}`);
      if (r.leftovers.length > 0) say(`also stopped, found in lab namespaces: ${r.leftovers.map((l) => `${l.pid}@${l.ns} ${l.outcome}`).join(', ')}`);
      say(`namespaces deleted: ${r.namespaces.join(', ') || 'none'}; test user ${r.userRemoved ? 'removed' : 'absent'}`);
    },
  );

  withLabOptions(lab.command('status').option('--json', 'print JSON').description('what of the lab exists now')).action(
    async (opts: LabCliOptions & { json?: boolean }) => {
      const s = await labStatus(config(opts));
      if (opts.json) return say(JSON.stringify(s, null, 2));
      say(`lab ${s.up ? 'up' : 'down'} (${s.stateFile})`);
      say(`  namespaces: ${s.namespaces.map((n) => `${n.name}${n.present ? '' : ' (missing)'}`).join(' ')}`);
      for (const d of s.daemons) say(`  ${d.role.padEnd(13)} ${d.host.padEnd(5)} pid ${d.pid} ${d.alive ? (d.inNamespace ? 'running' : 'NOT in its namespace') : 'gone'}`);
      say(`  user ${s.user.name}: ${s.user.exists ? 'exists' : 'absent'}`);
    },
  );

  lab
    .command('verify')
    .argument('<runDir>', 'a run directory (or a packed sample)')
    .description('check a run\'s labels against its pcaps and auth logs (no root needed)')
    .action(async (runDir: string) => {
      const v = await verifyRun(runDir);
      say(`${v.packets} packets; attacker packets outside their windows: ${v.attackerPacketsOutsideWindows}; attacker sshd lines outside: ${v.attackerAuthLinesOutsideWindows}`);
      for (const s of v.steps) {
        say(`  ${s.stepId.padEnd(14)} ${s.kind.padEnd(6)} packets in window ${JSON.stringify(s.packetsInWindow)}  sshd lines ${s.authLinesInWindow} (failures ${s.authFailuresInWindow})`);
      }
      if (v.attackStepsWithoutPackets.length > 0 || v.attackerPacketsOutsideWindows > 0 || v.attackerAuthLinesOutsideWindows > 0) {
        say(`MISMATCH: attack steps without packets: ${v.attackStepsWithoutPackets.join(', ') || 'none'}`);
        process.exitCode = 1;
      }
    });

  lab
    .command('defend-report')
    .argument('<runDir>', 'a run directory made with `vigil lab run --defend`')
    .description('recompute a defended run\'s measurements (defend.json) from its files (no root needed)')
    .action(async (runDir: string) => {
      const report = await measureRunDir(runDir);
      for (const line of formatDefendTable(report)) say(line);
    });

  lab
    .command('flows')
    .argument('<runDir>', 'a run directory (or a packed sample)')
    .option('--out <dir>', 'where to write flows.csv (default: the run directory)')
    .description('rebuild the labelled flow export (flows.csv) of a run with the current flow table (no root needed)')
    .action(async (runDir: string, opts: { out?: string }) => {
      const labels = await readLabels(join(runDir, LABELS_FILE));
      const r = await exportLabelledFlows(runDir, labels, opts.out);
      say(`${r.flows} flows from ${r.packets} packets: ${JSON.stringify(r.byCategory)}; ${r.foreignFlows} foreign flows left out; ${r.file}`);
    });

  lab
    .command('pack')
    .argument('<runDir>', 'a run directory')
    .argument('<destDir>', 'where to put the packed ground truth, e.g. samples/lab-sample')
    .description('gzip a run\'s pcaps and logs with its labels, for shipping (no root needed)')
    .action(async (runDir: string, destDir: string) => {
      const r = await packRun(runDir, destDir);
      for (const f of r.files) say(`  ${f.file.padEnd(20)} ${f.bytes} bytes`);
      say(`total ${(r.totalBytes / 1e6).toFixed(2)} MB in ${destDir}`);
    });

  lab
    .command('validate')
    .argument('<scenarios...>', 'scenario names or files')
    .description('check scenario files (no root needed)')
    .action(async (names: string[]) => {
      for (const n of names) {
        const s = await loadScenario(n, defaultLabConfig());
        say(`${s.file}: ok, ${s.steps.length} steps, at most ${scenarioMaxSeconds(s)} s`);
      }
    });
}
