/**
 * The shipped lab capture (samples/lab-sample) against its own labels, with no root and no network:
 * the labels parse, the pcaps agree with the windows, the auth logs show the brute force inside its
 * window, the labelled flow export covers every category, and packing it again round-trips.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportLabelledFlows } from './flow-export.js';
import { LABELS_FILE, readLabels } from './labels.js';
import { packRun } from './pack.js';
import { PROJECT_ROOT } from './paths.js';
import { verifyRun } from './verify-run.js';

const SAMPLE = join(PROJECT_ROOT, 'samples', 'lab-sample');

describe('samples/lab-sample', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vigil-sample-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('has labels for all five attacks and benign use, windows in order', async () => {
    const labels = await readLabels(join(SAMPLE, LABELS_FILE));
    expect(labels.aborted).toBe(false);
    const attacks = labels.steps.filter((s) => s.kind === 'attack');
    expect(attacks.map((s) => s.tool)).toEqual(['nmap-syn', 'hping3-syn-flood', 'hydra-ssh', 'slowhttptest-slowloris', 'http-flood']);
    expect(labels.steps.filter((s) => s.kind === 'benign').map((s) => s.tool).sort()).toEqual(['http-browse', 'http-browse', 'ssh-session']);
    for (let i = 1; i < attacks.length; i++) expect(attacks[i]!.windowStartMicros).toBeGreaterThan(attacks[i - 1]!.windowEndMicros);
    for (const c of labels.captures) expect(c.packetsDroppedByKernel).toBe(0);
  });

  it('its pcaps and auth logs agree with the labels', async () => {
    const v = await verifyRun(SAMPLE);
    expect(v.packets).toBe(19_958 + 24_859);
    expect(v.attackStepsWithoutPackets).toEqual([]);
    expect(v.attackerPacketsOutsideWindows).toBe(0);
    expect(v.attackerAuthLinesOutsideWindows).toBe(0);
    const brute = v.steps.find((s) => s.stepId === 'brute')!;
    expect(brute.authFailuresInWindow).toBe(22);
    // 4,000 SYNs, each answered by a SYN-ACK and reset by the attacker's kernel.
    expect(v.steps.find((s) => s.stepId === 'syn-flood')!.packetsInWindow.vic1).toBe(12_000);
  });

  it('exports labelled flows of every category and no unknown flow', async () => {
    const labels = await readLabels(join(SAMPLE, LABELS_FILE));
    const r = await exportLabelledFlows(SAMPLE, labels, tmp);
    expect(r.byLabel.unknown ?? 0).toBe(0);
    expect(Object.keys(r.byCategory).sort()).toEqual(['benign', 'brute-force', 'flood', 'scan', 'slow-dos']);
    // nmap probed 1,024 ports on each of two victims.
    expect(r.byCategory.scan).toBe(2048);
    expect(r.byLabel.benign).toBeGreaterThan(400);
  });

  it('packs again into the same files, within the 5 MB budget', async () => {
    const r = await packRun(SAMPLE, join(tmp, 'packed'));
    expect(r.files.map((f) => f.file).sort()).toEqual(
      ['labels.json', 'vic1-access.log.gz', 'vic1-auth.log', 'vic1.pcap.gz', 'vic2-access.log.gz', 'vic2-auth.log', 'vic2.pcap.gz'],
    );
    expect(r.totalBytes).toBeLessThan(5_000_000);
  });
});
