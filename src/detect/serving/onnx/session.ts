/**
 * Scores FeatureBatch data through an ONNX model with onnxruntime-node (the serving path for the
 * neural detectors; see ../README.md for why it won the measurement). One intra-op thread by
 * default: agents share their cores with capture and flow work, and the target is per core.
 */
import type { InferenceSession as OrtSession } from 'onnxruntime-node';

export class OnnxServingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OnnxServingError';
  }
}

type Ort = typeof import('onnxruntime-node');
let ortModule: Promise<Ort> | undefined;

function loadOrt(): Promise<Ort> {
  ortModule ??= import('onnxruntime-node').catch((cause: unknown) => {
    ortModule = undefined;
    throw new OnnxServingError('cannot load onnxruntime-node (is it installed? run npm ci)', { cause });
  });
  return ortModule;
}

export interface OnnxScorerOptions {
  /** Intra-op threads. @default 1 */
  threads?: number;
}

export class OnnxScorer {
  private constructor(
    private readonly ort: Ort,
    private session: OrtSession | undefined,
    private readonly inputName: string,
    private readonly outputName: string,
  ) {}

  static async create(model: Uint8Array, opts: OnnxScorerOptions = {}): Promise<OnnxScorer> {
    const ort = await loadOrt();
    let session: OrtSession;
    try {
      session = await ort.InferenceSession.create(model, {
        intraOpNumThreads: opts.threads ?? 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
    } catch (cause) {
      throw new OnnxServingError('onnxruntime refused the exported model', { cause });
    }
    const input = session.inputNames[0];
    const output = session.outputNames[0];
    if (!input || !output) throw new OnnxServingError('exported model has no input or output');
    return new OnnxScorer(ort, session, input, output);
  }

  /** Runs the model on `rows` rows of `width` floats; returns the output values (copied). */
  async run(data: Float32Array, rows: number, width: number): Promise<Float32Array> {
    const session = this.session;
    if (!session) throw new OnnxServingError('scorer was disposed');
    if (rows === 0) return new Float32Array(0);
    const tensor = new this.ort.Tensor('float32', data, [rows, width]);
    const result = await session.run({ [this.inputName]: tensor });
    const out = result[this.outputName];
    if (!out) throw new OnnxServingError(`model produced no '${this.outputName}'`);
    const values = out.data as Float32Array;
    const copy = Float32Array.from(values);
    out.dispose();
    tensor.dispose();
    return copy;
  }

  dispose(): void {
    const s = this.session;
    this.session = undefined;
    if (s) void s.release().catch(() => undefined);
  }
}
