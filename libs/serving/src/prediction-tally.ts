// Daily aggregates of served predictions, kept when retention deletes the predictions themselves.
import { predictionIdTime } from './prediction-id';

export interface TalliedPrediction {
  _id: string;
  modelVersion: number;
  probability: number;
  default: boolean;
  shadow?: { version: number; agree: boolean };
  /** Used for the day only when the id carries no time (ids from before UUIDv7). */
  createdAt?: Date;
}

export interface PredictionDayTally {
  day: string;
  predictions: number;
  byVersion: { version: number; predictions: number; defaults: number; meanProbability: number }[];
  shadow: { version: number; compared: number; agreed: number }[];
}

interface Running {
  predictions: number;
  served: Map<number, { predictions: number; defaults: number; probabilitySum: number }>;
  shadow: Map<number, { compared: number; agreed: number }>;
}

/** Tallies predictions by the UTC day they were served, one at a time (a cursor's worth, not an array). */
export class PredictionDayTallies {
  private readonly days = new Map<string, Running>();

  add(p: TalliedPrediction): void {
    const ms = predictionIdTime(p._id) ?? p.createdAt?.getTime();
    if (ms === undefined) throw new Error(`prediction ${p._id} has neither a UUIDv7 time nor createdAt`);
    const day = new Date(ms).toISOString().slice(0, 10);
    let d = this.days.get(day);
    if (!d) this.days.set(day, (d = { predictions: 0, served: new Map(), shadow: new Map() }));
    d.predictions++;
    const v = d.served.get(p.modelVersion) ?? { predictions: 0, defaults: 0, probabilitySum: 0 };
    v.predictions++;
    v.defaults += p.default ? 1 : 0;
    v.probabilitySum += p.probability;
    d.served.set(p.modelVersion, v);
    if (p.shadow) {
      const s = d.shadow.get(p.shadow.version) ?? { compared: 0, agreed: 0 };
      s.compared++;
      s.agreed += p.shadow.agree ? 1 : 0;
      d.shadow.set(p.shadow.version, s);
    }
  }

  /** The days seen, oldest first; versions in ascending order. */
  result(): PredictionDayTally[] {
    return [...this.days.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, d]) => ({
        day,
        predictions: d.predictions,
        byVersion: [...d.served.entries()]
          .sort(([a], [b]) => a - b)
          .map(([version, v]) => ({ version, predictions: v.predictions, defaults: v.defaults, meanProbability: v.probabilitySum / v.predictions })),
        shadow: [...d.shadow.entries()].sort(([a], [b]) => a - b).map(([version, s]) => ({ version, ...s })),
      }));
  }
}
