/** ModelUpdate: one federated client's contribution to a round. */
export interface ModelUpdate {
  modelId: string;
  baseVersion: string;
  round: number;
  clientId: string;
  /** Named weight tensors, flattened; masked when secure aggregation is on. */
  weights: { name: string; shape: number[]; values: Float32Array }[];
  sampleCount: number;
  metrics?: Record<string, number>;
  masked: boolean;
}
