/**
 * The `vigil run` adapters: a capture streamed batch by batch must give what the whole-file replay
 * gives; live capture on loopback (root and the optional `cap` package, else skipped) feeds real
 * connections to a listener this test starts through to judged flows.
 */
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LiveCaptureUnavailableError, openLiveCapture } from '../../acquisition/live/index.js';
import { loadCap } from '../../acquisition/live/cap-binding.js';
import { readCapture } from '../../acquisition/pcap/index.js';
import { createEmbeddedRun, replayCaptures, trainOnLabRun } from '../../roles/run.js';
import type { TrainedModels } from '../train.js';
import { readAuthLog } from './capture-files.js';
import { feedCaptureFile, feedLive } from './frame-feed.js';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'samples');
const VIC2 = { name: 'vic2', ownIp: '10.77.0.12' };

let models: TrainedModels;
beforeAll(async () => {
  ({ models } = await trainOnLabRun(join(SAMPLES, 'lab-train'), { detectors: ['rules'] }));
}, 60_000);

describe('feedCaptureFile', () => {
  it('streams a capture with its auth log to the same flows, alerts and decisions as the whole-file replay', async () => {
    const pcap = join(SAMPLES, 'lab-sample', 'vic2.pcap.gz');
    const authLog = join(SAMPLES, 'lab-sample', 'vic2-auth.log');
    const whole = createEmbeddedRun({ models, detector: 'rules', agents: [VIC2] });
    await replayCaptures(whole, [{ agent: 'vic2', pcap, authLog }]);
    const streamed = createEmbeddedRun({ models, detector: 'rules', agents: [VIC2] });
    const summary = await feedCaptureFile(streamed, 'vic2', readCapture(pcap, { batchSize: 1000 }), (await readAuthLog(authLog)).events);
    expect(summary.frames).toBe(24859); // samples/README.md
    expect(streamed.verdicts.length).toBe(whole.verdicts.length);
    expect(streamed.verdicts.length).toBeGreaterThan(1000);
    expect(streamed.alerts.map((a) => a.id).sort()).toEqual(whole.alerts.map((a) => a.id).sort());
    expect(streamed.decisions.map((d) => `${d.action} ${d.target}`)).toEqual(whole.decisions.map((d) => `${d.action} ${d.target}`));
    expect(streamed.alerts.some((a) => a.detector === 'auth-log')).toBe(true);
  }, 60_000);
});

async function liveSkipReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root to open a capture device';
  try {
    await loadCap();
  } catch (err) {
    return err instanceof LiveCaptureUnavailableError ? err.message : String(err);
  }
  return undefined;
}
const liveReason = await liveSkipReason();

describe.skipIf(liveReason !== undefined)(`feedLive on loopback (${liveReason ?? 'root, cap present'})`, () => {
  it('turns real loopback connections into judged flows', async () => {
    const server = createServer((s) => s.end('hello\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    let flows = 0;
    const pipeline = createEmbeddedRun({
      models,
      detector: 'rules',
      agents: [{ name: 'lo', ownIp: '127.0.0.1' }],
      keepVerdicts: false,
      onRecord: (r) => {
        if (r.kind === 'flows') flows += r.batch.flows.length;
      },
    });
    const connect = async (): Promise<void> => {
      for (let i = 0; i < 5; i++) {
        await new Promise<void>((resolve, reject) => {
          const c = createConnection({ host: '127.0.0.1', port }, () => c.end());
          c.resume(); // read the greeting, or 'close' never comes
          c.on('close', () => resolve());
          c.on('error', reject);
        });
      }
    };
    let traffic: Promise<void> | undefined;
    try {
      const frames = openLiveCapture({ device: 'lo', filter: `tcp port ${port}`, signal: AbortSignal.timeout(2000), onReady: () => (traffic = connect()) });
      const summary = await feedLive(pipeline, 'lo', frames, undefined, { tickMs: 100 });
      await traffic;
      expect(summary.frames).toBeGreaterThanOrEqual(5 * 6); // handshake, data, FIN both ways, per connection
      expect(flows).toBe(5);
    } finally {
      server.close();
    }
  }, 30_000);
});
