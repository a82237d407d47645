/** Feature extractors by config name, as `vigil flows --features` and the agent config name them. */
import type { FlowFeatureExtractor } from './extractor.js';
import { Kdd41Extractor } from './kdd41/index.js';
import type { Kdd41Options } from './kdd41/index.js';
import { CicExtractor } from './cic/index.js';
import { DampedExtractor } from './damped/index.js';

export interface ExtractorConfig {
  kdd41?: Partial<Kdd41Options>;
}

const FACTORIES: Readonly<Record<string, (config: ExtractorConfig) => FlowFeatureExtractor>> = {
  kdd41: (c) => new Kdd41Extractor(c.kdd41),
  cic: () => new CicExtractor(),
  damped: () => new DampedExtractor(),
};

export const FEATURE_SET_NAMES: readonly string[] = Object.keys(FACTORIES);

export class UnknownFeatureSetError extends Error {
  constructor(readonly featureSet: string) {
    super(`unknown feature set '${featureSet}' (known: ${FEATURE_SET_NAMES.join(', ')})`);
    this.name = 'UnknownFeatureSetError';
  }
}

export function createExtractors(names: readonly string[], config: ExtractorConfig = {}): FlowFeatureExtractor[] {
  return names.map((name) => {
    const make = FACTORIES[name];
    if (make === undefined) throw new UnknownFeatureSetError(name);
    return make(config);
  });
}
