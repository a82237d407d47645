import { z } from 'zod';
import { thresholdRuleSchema, trainingSchema } from '../tf/options.js';

export const mlpAttentionConfigSchema = z
  .object({
    ...trainingSchema,
    /** Widths of the ReLU layers after the attention block. */
    hidden: z.array(z.number().int().positive()).min(1).default([64, 32]),
    /**
     * Width of the tanh bottleneck that produces the attention logits (x -> tanh(k) -> d logits).
     * 0 means one dense d->d layer. The bottleneck keeps serving cost close to a plain MLP.
     */
    attentionHidden: z.number().int().min(0).default(16),
    /** Fitted on the validation split of the training data. */
    threshold: thresholdRuleSchema.default({ kind: 'max-accuracy' }),
  })
  .strict();

export type MlpAttentionConfig = z.output<typeof mlpAttentionConfigSchema>;
