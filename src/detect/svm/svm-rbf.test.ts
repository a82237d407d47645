import { detectorConformance } from '../detector.case.js';

detectorConformance(() => import('./index.js').then((m) => m.rbfFactory), {
  config: { epochs: 3, dims: 128 },
});
