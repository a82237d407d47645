/**
 * Adapter: a capture file and an auth log read whole into records, for replays of small captures
 * (the samples, lab runs). Streams the pcap (gz or not) through the decode stage; counts capture
 * and decode anomalies; log lines that are not syslog are counted, not dropped silently.
 */
import { readFile } from 'node:fs/promises';
import { readCapture } from '../../acquisition/pcap/index.js';
import { logEventFromLine } from '../../acquisition/logs/index.js';
import type { LogEvent, Packet } from '../../records/index.js';
import { decodeFrames } from '../decode-stage.js';

export interface CapturePackets {
  packets: Packet[];
  /** Decode anomalies by code, capture-file anomalies as 'capture.<code>'. */
  anomalies: Map<string, number>;
}

export async function readCapturePackets(path: string): Promise<CapturePackets> {
  const anomalies = new Map<string, number>();
  const packets: Packet[] = [];
  const source = readCapture(path);
  for await (const frames of source) {
    for (const p of decodeFrames(frames, anomalies)) packets.push(p);
  }
  for (const a of source.stats.anomalies) anomalies.set(`capture.${a.code}`, (anomalies.get(`capture.${a.code}`) ?? 0) + 1);
  return { packets, anomalies };
}

export interface AuthLogRead {
  events: LogEvent[];
  /** Lines that fit no syslog format, with the first one's 1-based line number. */
  unparsed: number;
  firstUnparsedLine?: number;
}

export class AuthLogReadError extends Error {
  override readonly name = 'AuthLogReadError';
}

export async function readAuthLog(path: string): Promise<AuthLogRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new AuthLogReadError(`cannot read auth log ${path}`, { cause: err });
  }
  const out: AuthLogRead = { events: [], unparsed: 0 };
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const e = logEventFromLine(line);
    if (e !== undefined) out.events.push(e);
    else {
      out.unparsed++;
      out.firstUnparsedLine ??= i + 1;
    }
  });
  return out;
}
