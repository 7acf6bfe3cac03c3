// Reference point for the measurements: logistic regression on one-hot categoricals + the same
// standardised numerics, fitted with Adam on the same training rows and scored on the same hold-out.
import { CATEGORY_VOCAB_SIZES } from '@loan/features';
import * as tf from '@tensorflow/tfjs';
import { classificationReport, tuneThreshold } from '../src';
import { LabelledRows } from '../src/testing/encode-real-data';

export async function logisticRegressionBaseline(train: LabelledRows, test: LabelledRows) {
  const vocab = CATEGORY_VOCAB_SIZES.reduce((a, b) => a + b, 0);
  const features = (rows: LabelledRows['rows']) =>
    tf.tensor2d(
      rows.map((r) => {
        const oneHot = new Array<number>(vocab).fill(0);
        let offset = 0;
        r.categorical.forEach((id, j) => {
          oneHot[offset + id] = 1;
          offset += CATEGORY_VOCAB_SIZES[j];
        });
        return [...oneHot, ...r.numeric];
      }),
    );
  const x = features(train.rows);
  const y = tf.tensor1d(train.labels);
  const xt = features(test.rows);
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [vocab + 14] })] });
  model.compile({ optimizer: tf.train.adam(3e-3), loss: 'binaryCrossentropy' });
  await model.fit(x, y, { epochs: 30, batchSize: 256, verbose: 0 });
  const probsTrain = (model.predict(x) as tf.Tensor).dataSync();
  const probs = (model.predict(xt) as tf.Tensor).dataSync();
  // Threshold tuned on the training rows (no validation split for the baseline).
  const threshold = tuneThreshold(train.labels, probsTrain).threshold;
  const report = classificationReport(test.labels, probs, threshold);
  tf.dispose([x, y, xt]);
  model.dispose();
  return { rocAuc: report.rocAuc, prAuc: report.prAuc, f1AtTuned: report.f1, threshold, f1AtHalf: classificationReport(test.labels, probs, 0.5).f1 };
}
