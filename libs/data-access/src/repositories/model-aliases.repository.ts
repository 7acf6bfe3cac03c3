import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AliasName, ModelAliasDoc } from '../schemas/model-alias.schema';
import { isDuplicateKey } from './duplicate-key';

/** Which alias (champion, challenger) points at each version: the join every version listing shows. */
export function aliasByVersion(aliases: readonly ModelAliasDoc[]): Map<number, AliasName> {
  return new Map(aliases.filter((a) => a.version !== null).map((a) => [a.version as number, a._id]));
}

@Injectable()
export class ModelAliasesRepository {
  constructor(@InjectModel(ModelAliasDoc.name) private readonly model: Model<ModelAliasDoc>) {}

  get(alias: AliasName): Promise<ModelAliasDoc | null> {
    return this.model.findOne({ _id: alias }).lean<ModelAliasDoc>().exec();
  }

  /**
   * Points `alias` at `to` only if it still points at `expected` (null = unset): a compare-and-set, so
   * two deployers racing, or the same job re-run, cannot both move it. `to` null clears it. Returns
   * whether it moved.
   */
  async compareAndSet(alias: AliasName, expected: number | null, to: number | null, reason: string): Promise<boolean> {
    if (expected === null) {
      const existing = await this.get(alias);
      if (existing && existing.version !== null) return false;
      if (!existing) {
        try {
          await this.model.create({ _id: alias, version: to, previousVersion: null, reason });
          return true;
        } catch (e) {
          if (isDuplicateKey(e)) return false;
          throw e;
        }
      }
    }
    const res = await this.model
      .updateOne({ _id: alias, version: expected }, { $set: { version: to, previousVersion: expected, reason } })
      .exec();
    return res.modifiedCount === 1;
  }

  list(): Promise<ModelAliasDoc[]> {
    return this.model.find().lean<ModelAliasDoc[]>().exec();
  }
}
