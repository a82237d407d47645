/**
 * Live capture passes the FrameSource conformance suite on the host's loopback, with pings to
 * 127.0.0.1 as traffic (loopback only; nothing leaves the machine). Needs root, ping and `cap`.
 */
import { describe, it } from 'vitest';
import { spawn } from 'node:child_process';
import { hasTool } from '../testing/datasets.js';
import { describeFrameSourceConformance } from '../testing/frame-source.case.js';
import { loadCap } from './cap-binding.js';
import { openLiveCapture } from './index.js';

async function skipReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root to open a capture device';
  if (!hasTool('ping')) return 'needs ping (Debian iputils-ping)';
  try {
    await loadCap();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return undefined;
}
const reason = await skipReason();

if (reason === undefined) {
  describeFrameSourceConformance('live capture on lo', () => ({
    open: () =>
      openLiveCapture({
        device: 'lo',
        filter: 'icmp and host 127.0.0.1',
        maxFrames: 8,
        durationMs: 8000,
        maxBatchDelayMs: 5,
      }),
    minFrames: 8,
    traffic: () => {
      spawn('ping', ['-c', '8', '-i', '0.05', '127.0.0.1'], { stdio: 'ignore' });
    },
  }));
} else {
  describe('FrameSource conformance: live capture on lo', () => {
    it.skip(`skipped: ${reason}`, () => undefined);
  });
}
