/**
 * The 41 KDD Cup 99 features, in file order (NSL-KDD's Field_Names.csv lists the same). NSL-KDD and
 * KDD Cup 99 share this schema, so one preprocessor or model serves both.
 */
import type { ColumnSpec, DatasetSchema } from './table.js';

const CATEGORICAL = new Set(['protocol_type', 'service', 'flag']);

export const KDD41_FEATURES: readonly string[] = [
  'duration',
  'protocol_type',
  'service',
  'flag',
  'src_bytes',
  'dst_bytes',
  'land',
  'wrong_fragment',
  'urgent',
  'hot',
  'num_failed_logins',
  'logged_in',
  'num_compromised',
  'root_shell',
  'su_attempted',
  'num_root',
  'num_file_creations',
  'num_shells',
  'num_access_files',
  'num_outbound_cmds',
  'is_host_login',
  'is_guest_login',
  'count',
  'srv_count',
  'serror_rate',
  'srv_serror_rate',
  'rerror_rate',
  'srv_rerror_rate',
  'same_srv_rate',
  'diff_srv_rate',
  'srv_diff_host_rate',
  'dst_host_count',
  'dst_host_srv_count',
  'dst_host_same_srv_rate',
  'dst_host_diff_srv_rate',
  'dst_host_same_src_port_rate',
  'dst_host_srv_diff_host_rate',
  'dst_host_serror_rate',
  'dst_host_srv_serror_rate',
  'dst_host_rerror_rate',
  'dst_host_srv_rerror_rate',
];

export const KDD41_SCHEMA: DatasetSchema = {
  name: 'kdd41',
  version: '1',
  columns: KDD41_FEATURES.map((name): ColumnSpec => ({
    name,
    kind: CATEGORICAL.has(name) ? 'categorical' : 'numeric',
  })),
};
