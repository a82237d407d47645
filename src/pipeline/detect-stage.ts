/**
 * Stage 3, FeatureBatch -> scores: the fitted preprocessing (the same the model was trained with)
 * and one detector. The detector refuses a batch of another feature definition (SchemaMismatchError).
 */
import type { Detector } from '../detect/detector.js';
import type { Preprocessor } from '../preprocess/index.js';
import type { FeatureBatch } from '../records/index.js';
import type { EdgeBatch } from './edge-stage.js';
import { batchToTable } from './feature-table.js';

export interface ScoredBatch {
  edge: EdgeBatch;
  /** The preprocessed rows the detector scored (the category model reads them too). */
  prepared: FeatureBatch;
  scores: Float32Array;
  detector: string;
  threshold: number;
}

export class DetectStage {
  constructor(
    private readonly preprocessor: Preprocessor,
    readonly name: string,
    private readonly detector: Detector,
  ) {}

  async score(edge: EdgeBatch): Promise<ScoredBatch> {
    const prepared = this.preprocessor.transform(batchToTable(edge.features, undefined, 'live', edge.agent));
    const scores = prepared.rows === 0 ? new Float32Array(0) : await this.detector.score(prepared);
    return { edge, prepared, scores, detector: this.name, threshold: this.detector.threshold };
  }
}
