import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './backend';
import { LoanModel } from './loan-model';
import {
  ArtifactFormatError,
  ChecksumMismatchError,
  computeArtifactChecksum,
  deserialiseModel,
  ModelArtifact,
  serialiseModel,
} from './serialisation';
import { TabTransformer } from './tab-transformer';
import { makeSyntheticRows, TINY_CONFIG } from './testing/synthetic-rows';

describe('model artifacts', () => {
  const { rows } = makeSyntheticRows(50, 31);
  let model: LoanModel;

  beforeAll(async () => {
    await selectBackend(undefined, undefined, {});
    model = new LoanModel(new TabTransformer({ ...TINY_CONFIG, seed: 99 }), {
      threshold: 0.37,
      preprocessingVersion: 'prep-v1',
      metadata: { rocAuc: 0.78, trainedOn: ['2024-01-01'] },
    });
  });
  afterAll(() => model.dispose());

  const copy = (a: ModelArtifact): ModelArtifact => ({ ...structuredClone({ ...a, weights: undefined }), weights: a.weights.slice() });

  it('round-trips to identical predictions and metadata', async () => {
    const { artifact, checksum } = await serialiseModel(model);
    expect(checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(artifact.weights.byteLength).toBe(artifact.manifest.reduce((s, m) => s + m.byteLength, 0));
    expect(artifact.manifest[0]).toMatchObject({ dtype: 'float32', offset: 0 });
    const loaded = deserialiseModel(artifact, checksum);
    expect(loaded.threshold).toBe(0.37);
    expect(loaded.preprocessingVersion).toBe('prep-v1');
    expect(loaded.metadata).toEqual({ rocAuc: 0.78, trainedOn: ['2024-01-01'] });
    expect(loaded.architecture).toEqual(model.architecture);
    expect(Array.from(await loaded.predictProba(rows))).toEqual(Array.from(await model.predictProba(rows)));
    loaded.dispose();
  });

  it('reads weights from a Buffer at an odd offset (as a database driver may return them)', async () => {
    const { artifact, checksum } = await serialiseModel(model);
    const pool = Buffer.alloc(artifact.weights.byteLength + 3);
    pool.set(artifact.weights, 3);
    const loaded = deserialiseModel({ ...copy(artifact), weights: pool.subarray(3) }, checksum);
    expect(Array.from(await loaded.predictProba(rows))).toEqual(Array.from(await model.predictProba(rows)));
    loaded.dispose();
  });

  it('checksum ignores key order but not content', async () => {
    const { artifact, checksum } = await serialiseModel(model);
    const reordered = Object.fromEntries(Object.entries(artifact).reverse()) as unknown as ModelArtifact;
    expect(computeArtifactChecksum(reordered)).toBe(checksum);
    expect((await serialiseModel(model)).checksum).toBe(checksum); // deterministic
  });

  it('refuses an artifact with one flipped weight byte', async () => {
    const { artifact, checksum } = await serialiseModel(model);
    const bad = copy(artifact);
    bad.weights[1234] ^= 0x01;
    expect(() => deserialiseModel(bad, checksum)).toThrow(ChecksumMismatchError);
    expect(() => deserialiseModel(bad, checksum)).toThrow(/checksum mismatch.*refusing to load/);
  });

  it('refuses a tampered threshold, architecture or preprocessing version', async () => {
    const { artifact, checksum } = await serialiseModel(model);
    const tampered: ModelArtifact[] = [
      { ...copy(artifact), threshold: 0.05 },
      { ...copy(artifact), architecture: { ...artifact.architecture, headDropout: 0.5 } },
      { ...copy(artifact), preprocessingVersion: 'prep-v2' },
      { ...copy(artifact), metadata: { rocAuc: 0.99 } },
    ];
    for (const t of tampered) expect(() => deserialiseModel(t, checksum)).toThrow(ChecksumMismatchError);
  });

  it('does not leak tensors when refusing', async () => {
    const { artifact, checksum } = await serialiseModel(model);
    const before = tf.memory().numTensors;
    expect(() => deserialiseModel({ ...copy(artifact), threshold: 0.9 }, checksum)).toThrow(ChecksumMismatchError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects structurally wrong artifacts even when their checksum is self-consistent', async () => {
    const { artifact } = await serialiseModel(model);
    const truncated = { ...copy(artifact), manifest: artifact.manifest.slice(1) };
    expect(() => deserialiseModel(truncated, computeArtifactChecksum(truncated))).toThrow(ArtifactFormatError);
    const otherFormat = { ...copy(artifact), formatVersion: 99 };
    expect(() => deserialiseModel(otherFormat, computeArtifactChecksum(otherFormat))).toThrow(/formatVersion 99/);
    expect(() => deserialiseModel(copy(artifact), 'abc')).toThrow(/64-character/);
    const before = tf.memory().numTensors;
    const shortWeights = { ...copy(artifact), weights: artifact.weights.slice(0, 100) };
    expect(() => deserialiseModel(shortWeights, computeArtifactChecksum(shortWeights))).toThrow(ArtifactFormatError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('needs a threshold and preprocessing version to serialise a bare network', async () => {
    await expect(serialiseModel(model.network)).rejects.toThrow(/threshold/);
    await expect(serialiseModel(model.network, { threshold: 0.5 })).rejects.toThrow(/preprocessingVersion/);
    expect((await serialiseModel(model.network, { threshold: 0.5, preprocessingVersion: 'x' })).artifact.threshold).toBe(0.5);
  });
});
