import { Injectable } from '@nestjs/common';
import { EncodedRow, LABEL_COLUMN, preprocessBatch, PreprocessingFit } from '@loan/features';
import { LabelledData, stratifiedSplit } from '@loan/ml';
import { PreprocessingFitService } from './preprocessing-fit.service';
import { ReferenceDataService } from './reference-data.service';

/** Fixed seeds: bootstrap, evaluate:real and fine-tune replay (which must never draw hold-out rows) cut the real data the same way. */
export const HOLDOUT_SEED = 2026;
export const HOLDOUT_SHARE = 0.2;
export const VALIDATION_SEED = 7;
export const VALIDATION_SHARE = 0.15;

export interface ReferenceSplit {
  fit: PreprocessingFit;
  /** 68% of the real rows: supervised training. */
  train: LabelledData & { rows: EncodedRow[] };
  /** 12%: early stopping and the decision threshold. */
  validation: LabelledData & { rows: EncodedRow[] };
  /** 20%, never trained on: what evaluate:real reports. */
  holdout: LabelledData & { rows: EncodedRow[] };
}

/** The real data, preprocessed with the stored fit and cut into stratified train / validation / hold-out parts. */
@Injectable()
export class ReferenceSplitService {
  constructor(
    private readonly reference: ReferenceDataService,
    private readonly fits: PreprocessingFitService,
  ) {}

  async split(): Promise<ReferenceSplit> {
    const fit = await this.fits.ensureCurrent();
    const { rows } = await this.reference.load();
    const encoded = preprocessBatch(rows, fit);
    const labels = rows.map((r) => r[LABEL_COLUMN]);
    const outer = stratifiedSplit(labels, HOLDOUT_SHARE, HOLDOUT_SEED);
    const inner = stratifiedSplit(Array.from(outer.train, (i) => labels[i]), VALIDATION_SHARE, VALIDATION_SEED);
    const take = (idx: ArrayLike<number>) => ({
      rows: Array.from(idx, (i) => encoded[i]),
      labels: Array.from(idx, (i) => labels[i]),
    });
    return {
      fit,
      train: take(Array.from(inner.train, (j) => outer.train[j])),
      validation: take(Array.from(inner.test, (j) => outer.train[j])),
      holdout: take(outer.test),
    };
  }
}
