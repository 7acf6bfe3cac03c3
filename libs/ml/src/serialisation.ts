// Model artifacts: architecture + one byte buffer of float32 weights + a manifest, with a SHA-256
// checksum over all of it. deserialiseModel() recomputes the checksum and refuses any mismatch, so
// a corrupted or tampered artifact (weights, threshold, architecture...) is never served.
// The format is our own rather than tf.io's because the model is built from raw variables, and
// this keeps the artifact one self-describing object that a database can store as-is.
import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '@loan/features';
import { LoanModel, LoanModelMeta } from './loan-model';
import { parameterSpecs, TabTransformer } from './tab-transformer';
import { resolveTabTransformerConfig, TabTransformerConfig } from './tab-transformer-config';
import { sameShape, sizeOfShape, WeightMap } from './weight-map';

export const ARTIFACT_FORMAT = 'loan-default/tab-transformer';
export const ARTIFACT_FORMAT_VERSION = 1;

export interface WeightManifestEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  /** Byte offset into `weights`. */
  offset: number;
  byteLength: number;
}

export interface ModelArtifact {
  format: typeof ARTIFACT_FORMAT;
  formatVersion: number;
  architecture: TabTransformerConfig;
  manifest: WeightManifestEntry[];
  /** Little-endian float32 values of every manifest entry, concatenated in manifest order. */
  weights: Uint8Array;
  threshold: number;
  preprocessingVersion: string;
  metadata: Record<string, JsonValue>;
}

export interface SerialisedModel {
  artifact: ModelArtifact;
  /** SHA-256 hex; store it apart from the artifact (e.g. in the deployment record) and pass it back to load. */
  checksum: string;
}

/** The artifact did not match its expected checksum: corrupted or tampered with. */
export class ChecksumMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`Model artifact checksum mismatch: expected ${expected}, computed ${actual}; refusing to load it`);
    this.name = 'ChecksumMismatchError';
  }
}

/** The artifact is structurally invalid (unknown format, manifest not matching the architecture...). */
export class ArtifactFormatError extends Error {
  constructor(message: string) {
    super(`Invalid model artifact: ${message}`);
    this.name = 'ArtifactFormatError';
  }
}

/** Packs a model (a LoanModel, or a bare network plus its meta) into an artifact and its checksum. */
export async function serialiseModel(model: LoanModel | TabTransformer, meta?: Partial<LoanModelMeta>): Promise<SerialisedModel> {
  const network = model instanceof LoanModel ? model.network : model;
  const base: Partial<LoanModelMeta> = model instanceof LoanModel ? model : {};
  const threshold = meta?.threshold ?? base.threshold;
  const preprocessingVersion = meta?.preprocessingVersion ?? base.preprocessingVersion;
  if (threshold === undefined || !(threshold >= 0 && threshold <= 1)) throw new Error(`serialiseModel: threshold must be in [0, 1], got ${threshold}`);
  if (!preprocessingVersion) throw new Error('serialiseModel: preprocessingVersion is required');
  const { manifest, weights } = packWeights(await network.exportWeights(), parameterSpecs(network.config).map((s) => s.name));
  const artifact: ModelArtifact = {
    format: ARTIFACT_FORMAT,
    formatVersion: ARTIFACT_FORMAT_VERSION,
    architecture: structuredClone(network.config),
    manifest,
    weights,
    threshold,
    preprocessingVersion,
    metadata: structuredClone(meta?.metadata ?? base.metadata ?? {}),
  };
  return { artifact, checksum: computeArtifactChecksum(artifact) };
}

/** SHA-256 over the canonical JSON of every field but `weights`, a newline, then the weight bytes. */
export function computeArtifactChecksum(artifact: ModelArtifact): string {
  const { weights, ...header } = artifact;
  const hash = createHash('sha256');
  hash.update(canonicalJson(header), 'utf8');
  hash.update('\n', 'utf8');
  hash.update(weights);
  return hash.digest('hex');
}

/**
 * Verifies the checksum, checks the manifest against the architecture, and rebuilds the model.
 * Throws ChecksumMismatchError or ArtifactFormatError instead of returning a doubtful model.
 */
export function deserialiseModel(artifact: ModelArtifact, expectedChecksum: string): LoanModel {
  if (!artifact || typeof artifact !== 'object') throw new ArtifactFormatError('not an object');
  if (artifact.format !== ARTIFACT_FORMAT) throw new ArtifactFormatError(`format is ${String(artifact.format)}, expected ${ARTIFACT_FORMAT}`);
  if (artifact.formatVersion !== ARTIFACT_FORMAT_VERSION) {
    throw new ArtifactFormatError(`formatVersion ${artifact.formatVersion} is not supported (expected ${ARTIFACT_FORMAT_VERSION})`);
  }
  if (!(artifact.weights instanceof Uint8Array)) throw new ArtifactFormatError('weights must be a Uint8Array (or Buffer)');
  if (typeof expectedChecksum !== 'string' || !/^[0-9a-f]{64}$/i.test(expectedChecksum)) {
    throw new ArtifactFormatError('expected checksum must be a 64-character SHA-256 hex string');
  }
  let actual: string;
  try {
    actual = computeArtifactChecksum(artifact);
  } catch (err) {
    throw new ArtifactFormatError(`cannot hash artifact (${err instanceof Error ? err.message : String(err)})`);
  }
  if (actual !== expectedChecksum.toLowerCase()) throw new ChecksumMismatchError(expectedChecksum.toLowerCase(), actual);

  let config: TabTransformerConfig;
  try {
    config = resolveTabTransformerConfig(artifact.architecture);
  } catch (err) {
    throw new ArtifactFormatError(err instanceof Error ? err.message : String(err));
  }
  const weights = unpackWeights(artifact, parameterSpecs(config));
  const network = new TabTransformer(config);
  try {
    network.importWeights(weights, true);
    return new LoanModel(network, {
      threshold: artifact.threshold,
      preprocessingVersion: artifact.preprocessingVersion,
      metadata: artifact.metadata,
    });
  } catch (err) {
    network.dispose();
    throw err instanceof ArtifactFormatError ? err : new ArtifactFormatError(err instanceof Error ? err.message : String(err));
  }
}

function packWeights(weights: WeightMap, order: string[]): { manifest: WeightManifestEntry[]; weights: Uint8Array } {
  const manifest: WeightManifestEntry[] = [];
  let offset = 0;
  for (const name of order) {
    const entry = weights[name];
    const byteLength = entry.values.length * 4;
    manifest.push({ name, shape: [...entry.shape], dtype: 'float32', offset, byteLength });
    offset += byteLength;
  }
  const bytes = new Uint8Array(offset);
  const view = new DataView(bytes.buffer);
  for (const m of manifest) {
    const values = weights[m.name].values;
    // Explicit little-endian, so artifacts are portable regardless of the host's byte order.
    for (let i = 0; i < values.length; i++) view.setFloat32(m.offset + i * 4, values[i], true);
  }
  return { manifest, weights: bytes };
}

function unpackWeights(artifact: ModelArtifact, specs: ReturnType<typeof parameterSpecs>): WeightMap {
  const manifest = artifact.manifest;
  if (!Array.isArray(manifest)) throw new ArtifactFormatError('manifest must be an array');
  if (manifest.length !== specs.length) {
    throw new ArtifactFormatError(`manifest lists ${manifest.length} weights, the architecture needs ${specs.length}`);
  }
  const bytes = artifact.weights;
  // DataView over the caller's bytes (a Buffer may sit at any offset inside a shared pool).
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: WeightMap = {};
  let expectedOffset = 0;
  manifest.forEach((m, i) => {
    const spec = specs[i];
    if (m.name !== spec.name) throw new ArtifactFormatError(`weight ${i} is ${m.name}, expected ${spec.name}`);
    if (!Array.isArray(m.shape) || !sameShape(m.shape, spec.shape)) {
      throw new ArtifactFormatError(`weight ${m.name} has shape [${m.shape}], expected [${spec.shape}]`);
    }
    if (m.dtype !== 'float32') throw new ArtifactFormatError(`weight ${m.name} has dtype ${m.dtype}, expected float32`);
    const count = sizeOfShape(spec.shape);
    if (m.offset !== expectedOffset || m.byteLength !== count * 4) {
      throw new ArtifactFormatError(`weight ${m.name} has offset ${m.offset} / ${m.byteLength} bytes, expected ${expectedOffset} / ${count * 4}`);
    }
    if (m.offset + m.byteLength > bytes.byteLength) {
      throw new ArtifactFormatError(`weight ${m.name} ends at byte ${m.offset + m.byteLength}, past the ${bytes.byteLength} bytes present`);
    }
    const values = new Float32Array(count);
    for (let k = 0; k < count; k++) values[k] = view.getFloat32(m.offset + k * 4, true);
    for (let k = 0; k < count; k++) {
      if (!Number.isFinite(values[k])) throw new ArtifactFormatError(`weight ${m.name} holds a non-finite value`);
    }
    out[m.name] = { shape: [...spec.shape], values };
    expectedOffset += count * 4;
  });
  if (expectedOffset !== bytes.byteLength) {
    throw new ArtifactFormatError(`weights hold ${bytes.byteLength} bytes, the manifest accounts for ${expectedOffset}`);
  }
  return out;
}
