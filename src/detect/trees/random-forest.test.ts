import { detectorConformance } from '../detector.case.js';

detectorConformance(() => import('./index.js').then((m) => m.forestFactory), {
  config: { trees: 10, featureFraction: 0.5 },
});
