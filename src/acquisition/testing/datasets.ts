/** Test support: where the shared real captures live, and whether external tools are present. */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { RawFrame } from '../frame.js';
import { readCapture } from '../pcap/index.js';

/** ../shared/datasets/pcaps from the project root (tests run with the root as cwd). */
export const PCAP_ROOT = resolve(
  process.env.VIGIL_DATASETS ?? resolve(process.cwd(), '../shared/datasets'),
  'pcaps',
);
export const HAVE_PCAPS = existsSync(PCAP_ROOT);
export const NO_PCAPS_REASON = `shared pcaps not found at ${PCAP_ROOT}`;

export function listPcaps(): string[] {
  if (!HAVE_PCAPS) return [];
  return readdirSync(PCAP_ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(PCAP_ROOT, d.name)).map((f) => join(PCAP_ROOT, d.name, f)))
    .filter((f) => /\.pcap(ng)?(\.gz)?$/.test(f))
    .sort();
}

export function pcap(relative: string): string {
  return join(PCAP_ROOT, relative);
}

export function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A frame reduced to comparable values (its bytes hashed), detached from the reader's buffer. */
export interface FrameDigest {
  tsMicros: number;
  ifIndex: number;
  linkType: number;
  wireLength: number;
  capturedLength: number;
  sha1: string;
}

export function digest(frame: RawFrame): FrameDigest {
  return {
    tsMicros: frame.tsMicros,
    ifIndex: frame.ifIndex,
    linkType: frame.linkType,
    wireLength: frame.wireLength,
    capturedLength: frame.data.length,
    sha1: createHash('sha1').update(frame.data).digest('hex'),
  };
}

export async function readDigests(
  path: string,
  batchSize?: number,
): Promise<{ frames: FrameDigest[]; anomalies: string[] }> {
  const source = readCapture(path, batchSize === undefined ? {} : { batchSize });
  const frames: FrameDigest[] = [];
  for await (const batch of source) for (const f of batch) frames.push(digest(f));
  return { frames, anomalies: source.stats.anomalies.map((a) => `${a.code}@${a.offset}`) };
}
