/**
 * A tiny live-capture program: captures on a device and prints one JSON line per decoded packet.
 * The live-capture test runs it with `ip netns exec` inside a namespace it creates, since a
 * process cannot capture in a namespace it is not in.
 *
 * Usage: node --import tsx capture-probe.ts DEVICE FILTER MAX_FRAMES DURATION_MS
 * Prints `{"ready":true,"linkType":N}` once capturing, then `{"packet":{...}}` lines, then `{"stats":{...}}`.
 */
import { decodeFrame } from '../../decode/index.js';
import { withoutPayload } from '../../decode/printable.js';
import { openLiveCapture } from './index.js';

async function main(): Promise<void> {
  const [device = 'lo', filter = '', maxFrames = '100', durationMs = '5000'] = process.argv.slice(2);
  const source = openLiveCapture({
    device,
    filter,
    maxFrames: Number(maxFrames),
    durationMs: Number(durationMs),
    maxBatchDelayMs: 10,
    onReady: ({ linkType }) => process.stdout.write(`${JSON.stringify({ ready: true, linkType })}\n`),
  });
  for await (const batch of source) {
    for (const frame of batch) {
      process.stdout.write(
        `${JSON.stringify({ packet: withoutPayload(decodeFrame(frame)), linkType: frame.linkType })}\n`,
      );
    }
  }
  process.stdout.write(`${JSON.stringify({ stats: source.stats })}\n`);
}

main().catch((err: unknown) => {
  process.stdout.write(
    `${JSON.stringify({ error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) })}\n`,
  );
  process.exitCode = 1;
});
