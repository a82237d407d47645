/** The 41 KDD Cup 99 columns, in NSL-KDD's Field_Names order, and their categorical vocabularies. */
import type { FeatureSchema } from '../../records/feature-batch.js';
import type { KddFlag } from '../../records/flow.js';
import { KDD_SERVICES } from '../../flows/services.js';

export const KDD41_COLUMNS = [
  'duration', 'protocol_type', 'service', 'flag', 'src_bytes', 'dst_bytes', 'land', 'wrong_fragment',
  'urgent', 'hot', 'num_failed_logins', 'logged_in', 'num_compromised', 'root_shell', 'su_attempted',
  'num_root', 'num_file_creations', 'num_shells', 'num_access_files', 'num_outbound_cmds',
  'is_host_login', 'is_guest_login', 'count', 'srv_count', 'serror_rate', 'srv_serror_rate',
  'rerror_rate', 'srv_rerror_rate', 'same_srv_rate', 'diff_srv_rate', 'srv_diff_host_rate',
  'dst_host_count', 'dst_host_srv_count', 'dst_host_same_srv_rate', 'dst_host_diff_srv_rate',
  'dst_host_same_src_port_rate', 'dst_host_srv_diff_host_rate', 'dst_host_serror_rate',
  'dst_host_srv_serror_rate', 'dst_host_rerror_rate', 'dst_host_srv_rerror_rate',
] as const;

export type Kdd41Column = (typeof KDD41_COLUMNS)[number];

/** KDD has only tcp/udp/icmp; other IP protocols (and ICMPv6 -> icmp) get 'other'. */
export const KDD_PROTOCOLS = ['tcp', 'udp', 'icmp', 'other'] as const;
export const KDD_FLAGS: readonly KddFlag[] = ['SF', 'S0', 'S1', 'S2', 'S3', 'REJ', 'RSTO', 'RSTR', 'RSTOS0', 'SH', 'OTH'];

export const KDD41_SCHEMA: FeatureSchema = {
  name: 'nsl-kdd/kdd41',
  version: '1',
  columns: KDD41_COLUMNS,
  categories: { protocol_type: KDD_PROTOCOLS, service: KDD_SERVICES, flag: KDD_FLAGS },
};

export const COL: Readonly<Record<Kdd41Column, number>> = Object.fromEntries(
  KDD41_COLUMNS.map((c, i) => [c, i]),
) as Record<Kdd41Column, number>;
