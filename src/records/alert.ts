/** Alert: a detector's (or the fusion's) claim that an entity is doing something bad. */
export type AttackCategory =
  // KDD families
  | 'dos'
  | 'probe'
  | 'r2l'
  | 'u2r'
  // live-traffic names
  | 'brute-force'
  | 'scan'
  | 'flood'
  | 'slow-dos'
  | 'anomaly'
  | string;

export interface Entity {
  kind: 'ip' | 'host' | 'user';
  value: string;
}

export interface Alert {
  id: string;
  tsMicros: number;
  entity: Entity;
  /** Target of the activity, when known (victim IP, service). */
  target?: string;
  /** 0..1, higher means more confident it is an attack. */
  score: number;
  category: AttackCategory;
  /** Detector kind or 'fusion'. */
  detector: string;
  /** Model id@version of each model that contributed. */
  modelVersions: string[];
  /** Flow ids and log-event ids that support the claim. */
  evidence: { flowIds: string[]; logEventIds?: string[]; note?: string };
  attackTechnique?: string;
}
