import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ModelVersionDoc } from '../schemas/model-version.schema';
import { isDuplicateKey } from './duplicate-key';
import { ModelWeightChunkDoc } from '../schemas/model-weight-chunk.schema';

/** 1 MiB slices keep every document far below MongoDB's 16 MB limit, whatever the model's size. */
export const WEIGHT_CHUNK_BYTES = 1 << 20;

@Injectable()
export class ModelVersionsRepository {
  constructor(
    @InjectModel(ModelVersionDoc.name) private readonly versions: Model<ModelVersionDoc>,
    @InjectModel(ModelWeightChunkDoc.name) private readonly chunks: Model<ModelWeightChunkDoc>,
  ) {}

  findByVersion(version: number): Promise<ModelVersionDoc | null> {
    return this.versions.findOne({ version }).lean<ModelVersionDoc>().exec();
  }

  findByTrainingKey(trainingKey: string): Promise<ModelVersionDoc | null> {
    return this.versions.findOne({ trainingKey }).lean<ModelVersionDoc>().exec();
  }

  findByTag(tag: string): Promise<ModelVersionDoc | null> {
    return this.versions.findOne({ tags: tag }).lean<ModelVersionDoc>().exec();
  }

  /** Moves `tag` to `version`: off any other version first, so it names one version. False: no such version. */
  async tag(version: number, tag: string): Promise<boolean> {
    if (!(await this.versions.exists({ version }).exec())) return false;
    await this.versions.updateMany({ tags: tag, version: { $ne: version } }, { $pull: { tags: tag } }).exec();
    await this.versions.updateOne({ version }, { $addToSet: { tags: tag } }).exec();
    return true;
  }

  /** Newest first, without `artifactJson` (tens of kB a version): for listings, timelines and pruning. */
  listSummaries(limit = 100): Promise<Omit<ModelVersionDoc, 'artifactJson'>[]> {
    return this.versions.find().select({ artifactJson: 0 }).sort({ version: -1 }).limit(limit).lean<Omit<ModelVersionDoc, 'artifactJson'>[]>().exec();
  }

  list(limit = 100): Promise<ModelVersionDoc[]> {
    return this.versions.find().sort({ version: -1 }).limit(limit).lean<ModelVersionDoc[]>().exec();
  }

  async latestVersionNumber(): Promise<number> {
    const doc = await this.versions.findOne().sort({ version: -1 }).select({ version: 1 }).lean<ModelVersionDoc>().exec();
    return doc?.version ?? 0;
  }

  /** Stores the weight slices, then the version document; retries the number if a concurrent writer took it. */
  async create(doc: Omit<ModelVersionDoc, 'version' | 'chunkCount' | 'weightBytes' | 'createdAt'>, weights: Uint8Array): Promise<ModelVersionDoc> {
    const slices: ModelWeightChunkDoc[] = [];
    for (let i = 0, index = 0; i < weights.length || index === 0; i += WEIGHT_CHUNK_BYTES, index++) {
      const data = Buffer.from(weights.buffer, weights.byteOffset + i, Math.min(WEIGHT_CHUNK_BYTES, weights.length - i));
      slices.push({ _id: `${doc.checksum}:${index}`, checksum: doc.checksum, index, data });
    }
    await this.chunks.deleteMany({ checksum: doc.checksum }).exec();
    await this.chunks.insertMany(slices);
    for (let tries = 0; ; tries++) {
      const version = (await this.latestVersionNumber()) + 1;
      try {
        const created = await this.versions.create({ ...doc, version, chunkCount: slices.length, weightBytes: weights.length });
        return created.toObject();
      } catch (e) {
        if (isDuplicateKey(e)) {
          const same = await this.findByTrainingKey(doc.trainingKey);
          if (same) return same;
          if (tries < 5) continue;
        }
        throw e;
      }
    }
  }

  /** The weights of a version, reassembled from its slices in order. */
  async weightsOf(version: ModelVersionDoc): Promise<Uint8Array> {
    const ids = Array.from({ length: version.chunkCount }, (_, i) => `${version.checksum}:${i}`);
    const found = await this.chunks.find({ _id: { $in: ids } }).lean<ModelWeightChunkDoc[]>().exec();
    if (found.length !== version.chunkCount) {
      throw new Error(`model v${version.version}: ${found.length} of ${version.chunkCount} weight chunks found`);
    }
    found.sort((a, b) => a.index - b.index);
    const parts = found.map((c) => (Buffer.isBuffer(c.data) ? c.data : Buffer.from((c.data as unknown as { buffer: Uint8Array }).buffer)));
    return new Uint8Array(Buffer.concat(parts));
  }

  /** Checksums of stored weight slices that no version names (what a writer killed mid-register leaves). */
  async orphanWeightChecksums(): Promise<string[]> {
    const [stored, named] = await Promise.all([this.chunks.distinct('checksum').exec(), this.versions.distinct('checksum').exec()]);
    const kept = new Set(named);
    return stored.filter((c) => !kept.has(c));
  }

  /** Deletes versions (and their weights) not in `keep`. */
  async deleteExcept(keep: Set<number>): Promise<number[]> {
    const all = await this.versions.find().select({ version: 1, checksum: 1 }).lean<ModelVersionDoc[]>().exec();
    const doomed = all.filter((v) => !keep.has(v.version));
    for (const v of doomed) {
      await this.versions.deleteOne({ version: v.version }).exec();
      if (!all.some((o) => keep.has(o.version) && o.checksum === v.checksum)) await this.chunks.deleteMany({ checksum: v.checksum }).exec();
    }
    return doomed.map((v) => v.version);
  }
}
