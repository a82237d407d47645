import type { DetectorFactory } from '../detector.js';
import { TreeDetector } from './tree-detector.js';

export { TreeDetector } from './tree-detector.js';

/** 'gbdt': histogram gradient-boosted trees (logistic loss, early stopping on validation). */
export const factory: DetectorFactory = {
  kind: 'gbdt',
  description: 'gradient-boosted histogram trees (logistic loss, shrinkage, subsampling, early stopping)',
  create: (config) => new TreeDetector('gbdt', config),
  fromArtifact: async (artifact) => TreeDetector.fromArtifact(artifact, 'gbdt'),
};

/** 'random-forest': bagged histogram trees; {trees: 1, bootstrap: false, featureFraction: 1} is one decision tree. */
export const forestFactory: DetectorFactory = {
  kind: 'random-forest',
  description: 'random forest of bagged histogram trees (bootstrap rows, random features per node)',
  create: (config) => new TreeDetector('random-forest', config),
  fromArtifact: async (artifact) => TreeDetector.fromArtifact(artifact, 'random-forest'),
};
