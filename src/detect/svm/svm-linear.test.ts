import { detectorConformance } from '../detector.case.js';

detectorConformance(() => import('./index.js').then((m) => m.factory), { config: { epochs: 3 } });
