/**
 * The packet sources by configuration name, for the composition code (agent, `vigil run`):
 * `{ kind: 'pcap', path }` or `{ kind: 'live', device, filter }`. Flow and log sources have their
 * own entry points (see README.md); they yield records, not frames.
 */
import type { FrameSource } from './frame.js';
import { readCapture, type ReadCaptureOptions } from './pcap/index.js';
import type { LiveCaptureOptions } from './live/index.js';

export type { FrameSource, RawFrame, CaptureStats, CaptureAnomaly } from './frame.js';
export { LinkType } from './frame.js';

export type PacketSourceConfig =
  ({ kind: 'pcap'; path: string } & ReadCaptureOptions) | ({ kind: 'live' } & LiveCaptureOptions);

export const PACKET_SOURCE_KINDS = ['pcap', 'live'] as const;

/** Open a packet source; live capture's native binding is only loaded when asked for. */
export async function openPacketSource(config: PacketSourceConfig): Promise<FrameSource> {
  switch (config.kind) {
    case 'pcap':
      return readCapture(config.path, config);
    case 'live': {
      const { openLiveCapture } = await import('./live/index.js');
      return openLiveCapture(config);
    }
    default: {
      const kind: unknown = (config as { kind?: unknown }).kind;
      throw new Error(
        `unknown packet source kind ${JSON.stringify(kind)}; expected one of ${PACKET_SOURCE_KINDS.join(', ')}`,
      );
    }
  }
}
