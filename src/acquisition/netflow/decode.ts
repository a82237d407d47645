/** One export datagram, any version, -> exported flows (pure; templates live in the cache). */
import { decodeIpfix, decodeV9 } from './template-packets.js';
import type { TemplateCache } from './templates.js';
import { decodeV5, type DecodeResult } from './v5.js';

export type ExportVersion = 'v5' | 'v9' | 'ipfix';

export function decodeExport(
  d: Uint8Array,
  exporter: string,
  cache: TemplateCache,
): DecodeResult & { version?: ExportVersion } {
  if (d.length < 2) return { flows: [], problems: ['netflow.too-short'] };
  const version = ((d[0] as number) << 8) | (d[1] as number);
  if (version === 5) return { ...decodeV5(d, exporter), version: 'v5' };
  if (version === 9) return { ...decodeV9(d, exporter, cache), version: 'v9' };
  if (version === 10) return { ...decodeIpfix(d, exporter, cache), version: 'ipfix' };
  return { flows: [], problems: [`netflow.unsupported-version-${version}`] };
}
