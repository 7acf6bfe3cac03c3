import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Binary } from 'mongodb';
import { Model } from 'mongoose';
import { packFeatures, unpackFeatures } from '@loan/features';
import { PredictionDoc } from '../schemas/prediction.schema';
import { DUPLICATE_KEY } from './duplicate-key';
import type { TalliedPrediction } from '@loan/serving';

const INSERT_CHUNK = 1000;

@Injectable()
export class PredictionsRepository {
  constructor(@InjectModel(PredictionDoc.name) private readonly model: Model<PredictionDoc>) {}

  /**
   * Inserts in chunks; ids already stored are skipped (a retried write adds nothing). Through the driver,
   * not mongoose: building a mongoose document per served prediction cost the serving process more CPU
   * than validating and answering the request (docs/performance.md). The docs are built by the serving
   * code from validated values, so mongoose's casting has nothing to add. The features are stored packed
   * (@loan/features packFeatures: one binary field instead of 23); findById unpacks them.
   */
  async insertMany(docs: Omit<PredictionDoc, 'createdAt'>[]): Promise<void> {
    const createdAt = new Date();
    for (let i = 0; i < docs.length; i += INSERT_CHUNK) {
      const chunk = docs.slice(i, i + INSERT_CHUNK).map((d) => ({ ...d, features: new Binary(packFeatures(d.features), Binary.SUBTYPE_USER_DEFINED), createdAt }));
      try {
        await this.model.collection.insertMany(chunk as never[], { ordered: false, ignoreUndefined: true });
      } catch (e) {
        const writeErrors = (e as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
        const onlyDuplicates = writeErrors?.every((w) => (w.code ?? w.err?.code) === DUPLICATE_KEY);
        if (!onlyDuplicates) throw e;
      }
    }
  }

  /** The stored prediction with its features as a row again (documents written before packing are read as they are). */
  async findById(id: string): Promise<PredictionDoc | null> {
    const doc = await this.model.findOne({ _id: id }).lean<PredictionDoc>().exec();
    const features = doc?.features as unknown as Binary | Record<string, number | null> | undefined;
    if (doc && features instanceof Binary) doc.features = unpackFeatures(features.value());
    return doc;
  }

  /**
   * Predictions served before `boundId` (a `predictionIdBound`), oldest first, with what a daily tally
   * needs: an `_id` range, which MongoDB answers from the primary index. (FerretDB's SQLite backend reads
   * the collection for it, which retention keeps to its horizon.)
   */
  servedBefore(boundId: string): AsyncIterable<TalliedPrediction> {
    return this.model
      .find({ _id: { $lt: boundId } }, { modelVersion: 1, probability: 1, default: 1, shadow: 1, createdAt: 1 })
      .sort({ _id: 1 })
      .lean<TalliedPrediction>()
      .cursor();
  }

  async deleteServedBefore(boundId: string): Promise<number> {
    return (await this.model.deleteMany({ _id: { $lt: boundId } }).exec()).deletedCount;
  }

  /** Served-vs-challenger agreement for one challenger version, over the predictions still stored. */
  async shadowAgreement(challengerVersion: number): Promise<{ compared: number; agreed: number }> {
    const [compared, agreed] = await Promise.all([
      this.model.countDocuments({ 'shadow.version': challengerVersion }).exec(),
      this.model.countDocuments({ 'shadow.version': challengerVersion, 'shadow.agree': true }).exec(),
    ]);
    return { compared, agreed };
  }
}
