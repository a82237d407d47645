/**
 * Attack name -> category for KDD Cup 99 and NSL-KDD.
 *
 * NSL-KDD's Attack_Types.csv covers only the 22 attacks of the training data, but KDDTest+ also
 * holds the attacks that DARPA added in its 1999 evaluation. This table is the full DARPA 98/99
 * taxonomy (Kendall 1999, "A Database of Computer Attacks for the Evaluation of Intrusion Detection
 * Systems", as used in the NSL-KDD literature). Published mappings disagree on two names; we put
 * `httptunnel` in U2R (others say R2L) and `worm` in R2L (others say DoS). A name missing here maps to 'unknown' and the reader counts it as a warning.
 */
export type KddCategory = 'normal' | 'dos' | 'probe' | 'r2l' | 'u2r';

const BY_CATEGORY: Record<Exclude<KddCategory, 'normal'>, readonly string[]> = {
  dos: [
    'back',
    'land',
    'neptune',
    'pod',
    'smurf',
    'teardrop',
    'apache2',
    'mailbomb',
    'processtable',
    'udpstorm',
  ],
  probe: ['ipsweep', 'nmap', 'portsweep', 'satan', 'mscan', 'saint'],
  r2l: [
    'ftp_write',
    'guess_passwd',
    'imap',
    'multihop',
    'phf',
    'spy',
    'warezclient',
    'warezmaster',
    'named',
    'sendmail',
    'snmpgetattack',
    'snmpguess',
    'worm',
    'xlock',
    'xsnoop',
  ],
  u2r: ['buffer_overflow', 'loadmodule', 'perl', 'rootkit', 'ps', 'sqlattack', 'xterm', 'httptunnel'],
};

export const KDD_ATTACK_CATEGORY: ReadonlyMap<string, KddCategory> = new Map<string, KddCategory>([
  ['normal', 'normal'],
  ...Object.entries(BY_CATEGORY).flatMap(([cat, names]) =>
    names.map((n): [string, KddCategory] => [n, cat as KddCategory]),
  ),
]);

/** The category of a lower-case attack name, or undefined when the name is not in the table. */
export function kddCategoryOf(attack: string): KddCategory | undefined {
  return KDD_ATTACK_CATEGORY.get(attack);
}
