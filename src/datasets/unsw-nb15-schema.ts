/**
 * UNSW-NB15 partition files (`UNSW_NB15_training-set.csv`, `..._testing-set.csv`): a header line,
 * then `id`, 42 features, `attack_cat`, `label`. `id` is a row number, not a feature, so it is dropped.
 */
import type { ColumnSpec, DatasetSchema } from './table.js';

export const UNSW_HEADER: readonly string[] = [
  'id',
  'dur',
  'proto',
  'service',
  'state',
  'spkts',
  'dpkts',
  'sbytes',
  'dbytes',
  'rate',
  'sttl',
  'dttl',
  'sload',
  'dload',
  'sloss',
  'dloss',
  'sinpkt',
  'dinpkt',
  'sjit',
  'djit',
  'swin',
  'stcpb',
  'dtcpb',
  'dwin',
  'tcprtt',
  'synack',
  'ackdat',
  'smean',
  'dmean',
  'trans_depth',
  'response_body_len',
  'ct_srv_src',
  'ct_state_ttl',
  'ct_dst_ltm',
  'ct_src_dport_ltm',
  'ct_dst_sport_ltm',
  'ct_dst_src_ltm',
  'is_ftp_login',
  'ct_ftp_cmd',
  'ct_flw_http_mthd',
  'ct_src_ltm',
  'ct_srv_dst',
  'is_sm_ips_ports',
  'attack_cat',
  'label',
];

const NOT_FEATURES = new Set(['id', 'attack_cat', 'label']);
const CATEGORICAL = new Set(['proto', 'service', 'state']);

export const UNSW_SCHEMA: DatasetSchema = {
  name: 'unsw-nb15',
  version: '1',
  columns: UNSW_HEADER.filter((n) => !NOT_FEATURES.has(n)).map((name): ColumnSpec => ({
    name,
    kind: CATEGORICAL.has(name) ? 'categorical' : 'numeric',
  })),
};

/**
 * attack_cat values as written, lower-cased and trimmed. The full UNSW-NB15 CSVs pad some names
 * with spaces and spell one 'Backdoors'; both forms map to one category.
 */
export function normaliseUnswCategory(raw: string): string {
  const c = raw.trim().toLowerCase();
  return c === 'backdoors' ? 'backdoor' : c;
}
