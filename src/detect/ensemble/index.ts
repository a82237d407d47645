import type { DetectorFactory } from '../detector.js';
import { EnsembleDetector } from './ensemble-detector.js';

export { EnsembleDetector, ENSEMBLE_DEFAULTS } from './ensemble-detector.js';

/** 'ensemble': 10 voters, each a bootstrap bag boosted toward earlier mistakes, vote weights learned on validation. */
export const factory: DetectorFactory = {
  kind: 'ensemble',
  description:
    'ensemble of 10 tree voters, bagged and AdaBoost-reweighted together, vote weights learned on validation',
  create: (config) => new EnsembleDetector(config),
  fromArtifact: async (artifact) => EnsembleDetector.fromArtifact(artifact),
};
