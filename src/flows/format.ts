/**
 * Text forms of flows and their feature rows: JSON lines, CSV, and Zeek's conn.log TSV
 * (the `#fields`/`#types` header Zeek's readers and zeek-cut expect). Pure: rows in, strings out.
 */
import type { Flow } from '../records/flow.js';
import type { FeatureBatch, FeatureSchema } from '../records/feature-batch.js';
import type { FlowRows } from '../features/collector.js';

export const OUTPUT_FORMATS = ['jsonl', 'csv', 'zeek'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A feature value as text: categorical columns decode to their vocabulary's string. */
function featureValue(batch: FeatureBatch, row: number, col: number): string | number {
  const name = batch.schema.columns[col]!;
  const v = batch.data[row * batch.schema.columns.length + col]!;
  const vocab = batch.schema.categories?.[name];
  if (vocab !== undefined) return vocab[v] ?? String(v);
  return v;
}

function featureColumns(schemas: readonly FeatureSchema[]): string[] {
  return schemas.flatMap((s) => [...s.columns]);
}

const ZEEK_FIELDS: readonly [string, string][] = [
  ['ts', 'time'], ['uid', 'string'], ['id.orig_h', 'addr'], ['id.orig_p', 'port'], ['id.resp_h', 'addr'],
  ['id.resp_p', 'port'], ['proto', 'enum'], ['service', 'string'], ['duration', 'interval'],
  ['orig_bytes', 'count'], ['resp_bytes', 'count'], ['conn_state', 'string'], ['local_orig', 'bool'],
  ['local_resp', 'bool'], ['missed_bytes', 'count'], ['history', 'string'], ['orig_pkts', 'count'],
  ['orig_ip_bytes', 'count'], ['resp_pkts', 'count'], ['resp_ip_bytes', 'count'], ['tunnel_parents', 'set[string]'],
];

const CSV_FLOW_COLUMNS = ['uid', 'ts', 'proto', 'orig_h', 'orig_p', 'resp_h', 'resp_p'] as const;

/** The lines that open the output (CSV header, Zeek's # header), given the feature schemas. */
export function header(format: OutputFormat, schemas: readonly FeatureSchema[], openedAt = new Date()): string {
  if (format === 'jsonl') return '';
  const features = featureColumns(schemas);
  if (format === 'csv') return [...CSV_FLOW_COLUMNS, ...features].join(',') + '\n';
  const stamp = zeekOpenTime(openedAt);
  return [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tconn',
    `#open\t${stamp}`,
    // Feature columns get a `feat.` prefix: kdd41's duration and service would repeat conn.log's names.
    `#fields\t${[...ZEEK_FIELDS.map((f) => f[0]), ...features.map((c) => `feat.${c}`)].join('\t')}`,
    `#types\t${[...ZEEK_FIELDS.map((f) => f[1]), ...features.map((c) => (isCategorical(schemas, c) ? 'string' : 'double'))].join('\t')}`,
  ].join('\n') + '\n';
}

export function footer(format: OutputFormat, closedAt = new Date()): string {
  return format === 'zeek' ? `#close\t${zeekOpenTime(closedAt)}\n` : '';
}

export function formatRows(format: OutputFormat, rows: FlowRows): string {
  const out: string[] = [];
  for (let i = 0; i < rows.flows.length; i++) out.push(formatRow(format, rows.flows[i]!, rows.batches, i));
  return out.join('');
}

function formatRow(format: OutputFormat, f: Flow, batches: readonly FeatureBatch[], row: number): string {
  if (format === 'jsonl') {
    const rec: Record<string, unknown> = { ...f };
    for (const b of batches) {
      const features: Record<string, string | number> = {};
      b.schema.columns.forEach((c, j) => (features[c] = featureValue(b, row, j)));
      rec[b.schema.name] = features;
    }
    return JSON.stringify(rec) + '\n';
  }
  const values = batches.flatMap((b) => b.schema.columns.map((_, j) => featureValue(b, row, j)));
  if (format === 'csv') {
    const ts = (f.startMicros / 1e6).toFixed(6);
    return [f.id, ts, f.proto, f.origIp, f.origPort, f.respIp, f.respPort, ...values].join(',') + '\n';
  }
  const duration = ((f.endMicros - f.startMicros) / 1e6).toFixed(6);
  return [
    (f.startMicros / 1e6).toFixed(6), f.id, f.origIp, f.origPort, f.respIp, f.respPort, zeekProto(f), f.service,
    duration, f.origBytes, f.respBytes, f.flag, '-', '-', 0, '-', f.origPackets, f.origWireBytes, f.respPackets,
    f.respWireBytes, '(empty)', ...values,
  ].join('\t') + '\n';
}

function zeekProto(f: Flow): string {
  return f.proto === 'icmp6' ? 'icmp' : f.proto === 'other' ? 'unknown_transport' : f.proto;
}

function isCategorical(schemas: readonly FeatureSchema[], column: string): boolean {
  return schemas.some((s) => s.categories?.[column] !== undefined);
}

function zeekOpenTime(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}-${p(d.getUTCMinutes())}-${p(d.getUTCSeconds())}`;
}
