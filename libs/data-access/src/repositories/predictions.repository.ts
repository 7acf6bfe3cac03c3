import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PredictionDoc } from '../schemas/prediction.schema';
import { DUPLICATE_KEY } from './duplicate-key';

const INSERT_CHUNK = 1000;

@Injectable()
export class PredictionsRepository {
  constructor(@InjectModel(PredictionDoc.name) private readonly model: Model<PredictionDoc>) {}

  /** Inserts in chunks; ids already stored are skipped (a retried write adds nothing). */
  async insertMany(docs: Omit<PredictionDoc, 'createdAt'>[]): Promise<void> {
    for (let i = 0; i < docs.length; i += INSERT_CHUNK) {
      try {
        await this.model.insertMany(docs.slice(i, i + INSERT_CHUNK), { ordered: false });
      } catch (e) {
        const writeErrors = (e as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
        const onlyDuplicates = writeErrors?.every((w) => (w.code ?? w.err?.code) === DUPLICATE_KEY);
        if (!onlyDuplicates) throw e;
      }
    }
  }

  findById(id: string): Promise<PredictionDoc | null> {
    return this.model.findOne({ _id: id }).lean<PredictionDoc>().exec();
  }

  /** Served-vs-challenger agreement for one challenger version, over every compared prediction. */
  async shadowAgreement(challengerVersion: number): Promise<{ compared: number; agreed: number }> {
    const [compared, agreed] = await Promise.all([
      this.model.countDocuments({ 'shadow.version': challengerVersion }).exec(),
      this.model.countDocuments({ 'shadow.version': challengerVersion, 'shadow.agree': true }).exec(),
    ]);
    return { compared, agreed };
  }
}
