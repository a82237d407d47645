/**
 * A threshold rule: "column op value", in the style of IDS threshold signatures (Snort's
 * detection_filter, Suricata's threshold). Which column and which direction is expert knowledge;
 * the value is fitted on training data (see fit.ts), never hand-tuned on a test set.
 */
export interface RuleTemplate {
  /** Short name shown in alerts, e.g. 'syn-error-burst'. */
  name: string;
  /** Attack family the rule speaks for. */
  category: string;
  /** Feature column (after preprocessing column names are kept, so 'serror_rate' stays 'serror_rate'). */
  column: string;
  /** 'high' fires when the value is at or above the threshold, 'low' when at or below. */
  direction: 'high' | 'low';
}

export interface FittedRule extends RuleTemplate {
  threshold: number;
  /** Precision of the rule on the training rows it fired on: its confidence. */
  precision: number;
  /** Share of training attacks it fired on. */
  support: number;
}

/**
 * Default templates over the KDD-41 features: each encodes a classic threshold signature.
 * Rules whose column is absent from the schema are dropped at training time.
 */
export const KDD_RULE_TEMPLATES: readonly RuleTemplate[] = [
  { name: 'syn-error-burst', category: 'dos', column: 'serror_rate', direction: 'high' },
  { name: 'host-syn-error-burst', category: 'dos', column: 'dst_host_serror_rate', direction: 'high' },
  { name: 'connection-flood', category: 'dos', column: 'count', direction: 'high' },
  { name: 'same-service-flood', category: 'dos', column: 'srv_count', direction: 'high' },
  { name: 'wrong-fragments', category: 'dos', column: 'wrong_fragment', direction: 'high' },
  { name: 'land', category: 'dos', column: 'land', direction: 'high' },
  { name: 'reject-burst', category: 'probe', column: 'rerror_rate', direction: 'high' },
  { name: 'host-reject-burst', category: 'probe', column: 'dst_host_rerror_rate', direction: 'high' },
  { name: 'service-sweep', category: 'probe', column: 'dst_host_diff_srv_rate', direction: 'high' },
  { name: 'port-sweep', category: 'probe', column: 'diff_srv_rate', direction: 'high' },
  { name: 'single-port-many-hosts', category: 'probe', column: 'dst_host_same_src_port_rate', direction: 'high' },
  { name: 'failed-logins', category: 'r2l', column: 'num_failed_logins', direction: 'high' },
  { name: 'hot-indicators', category: 'r2l', column: 'hot', direction: 'high' },
  { name: 'root-shell', category: 'u2r', column: 'root_shell', direction: 'high' },
  { name: 'file-creations', category: 'u2r', column: 'num_file_creations', direction: 'high' },
];

/**
 * Default templates over UNSW-NB15's flow features (Argus/Bro derived): rate floods, per-source
 * port and service sweeps, and the TTL/state combinations that scanners and exploit kits leave.
 */
export const UNSW_RULE_TEMPLATES: readonly RuleTemplate[] = [
  { name: 'packet-rate-flood', category: 'dos', column: 'rate', direction: 'high' },
  { name: 'source-load-flood', category: 'dos', column: 'sload', direction: 'high' },
  { name: 'same-service-from-source', category: 'dos', column: 'ct_srv_src', direction: 'high' },
  { name: 'source-port-sweep', category: 'reconnaissance', column: 'ct_src_dport_ltm', direction: 'high' },
  { name: 'host-pair-burst', category: 'generic', column: 'ct_dst_src_ltm', direction: 'high' },
  { name: 'ttl-state-anomaly', category: 'exploits', column: 'ct_state_ttl', direction: 'high' },
  { name: 'source-ttl-anomaly', category: 'exploits', column: 'sttl', direction: 'high' },
  { name: 'same-ip-and-port', category: 'dos', column: 'is_sm_ips_ports', direction: 'high' },
  { name: 'ftp-command-burst', category: 'exploits', column: 'ct_ftp_cmd', direction: 'high' },
];
