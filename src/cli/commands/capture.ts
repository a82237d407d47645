/**
 * `vigil capture`: read a capture file or a live interface, decode every frame, and print a summary
 * (packets, protocols, application names, capture and decode anomalies) on stderr. Optionally
 * print the decoded packets as JSON lines and/or save the frames as pcap.
 */
import type { Command } from 'commander';
import type { FrameSource } from '../../acquisition/frame.js';
import { readCapture } from '../../acquisition/pcap/index.js';
import { PcapWriter } from '../../acquisition/pcap/pcap-writer.js';
import { decodeFrame } from '../../decode/index.js';
import { addToSummary, emptySummary } from '../../decode/summary.js';
import { withoutPayload } from '../../decode/printable.js';

interface CaptureCliOptions {
  pcap?: string;
  device?: string;
  filter: string;
  count?: string;
  seconds?: string;
  write?: string;
  packets: boolean;
}

export function register(program: Command): void {
  program
    .command('capture')
    .description(
      'decode a capture file or a live interface (libpcap, optional `cap` package) and summarise it',
    )
    .option('--pcap <file>', 'capture file: pcap or pcapng, plain or gzipped')
    .option('--device <name>', 'live interface (needs root and the optional npm package cap)')
    .option('--filter <bpf>', 'BPF filter for live capture', '')
    .option('--count <n>', 'stop after this many packets')
    .option('--seconds <s>', 'stop live capture after this long')
    .option('--write <file>', 'also save the frames as a pcap file')
    .option('--packets', 'print each decoded packet as a JSON line on stdout', false)
    .action(async (opts: CaptureCliOptions) => {
      process.stderr.write(await runCapture(opts));
    });
}

async function openSource(opts: CaptureCliOptions): Promise<FrameSource> {
  if ((opts.pcap === undefined) === (opts.device === undefined))
    throw new Error('give exactly one of --pcap FILE or --device NAME');
  if (opts.pcap !== undefined) return readCapture(opts.pcap);
  const { openLiveCapture } = await import('../../acquisition/live/index.js');
  const live: Parameters<typeof openLiveCapture>[0] = { device: opts.device as string, filter: opts.filter };
  if (opts.count !== undefined) live.maxFrames = Number(opts.count);
  if (opts.seconds !== undefined) live.durationMs = Number(opts.seconds) * 1000;
  return openLiveCapture(live);
}

export async function runCapture(opts: CaptureCliOptions): Promise<string> {
  const source = await openSource(opts);
  const limit = opts.count === undefined ? Infinity : Number(opts.count);
  const summary = emptySummary();
  let writer: PcapWriter | undefined;
  let writerLinkType = -1;
  let notWritten = 0;
  try {
    outer: for await (const batch of source) {
      for (const frame of batch) {
        if (summary.packets >= limit) break outer;
        if (opts.write !== undefined && writer === undefined) {
          writer = await PcapWriter.create(opts.write, frame.linkType);
          writerLinkType = frame.linkType;
        }
        // A pcap file has one link type: frames of other interfaces' types are not saved (counted).
        if (writer !== undefined && frame.linkType === writerLinkType) await writer.write(frame);
        else if (writer !== undefined) notWritten++;
        const packet = decodeFrame(frame);
        addToSummary(summary, packet);
        if (opts.packets) process.stdout.write(`${JSON.stringify(withoutPayload(packet))}\n`);
      }
    }
  } finally {
    await writer?.close();
  }
  const lines = [
    `packets: ${summary.packets} (${summary.wireBytes} bytes on the wire)`,
    `protocols: ${JSON.stringify(summary.protocols)}`,
    `applications: ${JSON.stringify(summary.applications)}`,
    `decode anomalies: ${JSON.stringify(summary.anomalies)}`,
    `capture anomalies: ${JSON.stringify(source.stats.anomalies)}`,
  ];
  if (notWritten > 0) lines.push(`not saved (link type differs from the first frame's): ${notWritten}`);
  return `${lines.join('\n')}\n`;
}
