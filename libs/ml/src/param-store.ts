// Named trainable variables of one model. tfjs variable names are global to the engine (two models
// with a variable "w" would clash), so variables get engine-generated names and this store keeps
// our stable, model-local names — the ones artifacts and weight maps use.
import * as tf from '@tensorflow/tfjs';
import { sameShape, WeightMap } from './weight-map';

export class ParamStore {
  private readonly vars = new Map<string, tf.Variable>();
  private changes = 0;

  /**
   * Counts changes to the values, so a copy elsewhere (the fused kernel's inference buffer) knows when
   * it is stale. importWeights counts itself; code that assigns variables directly (an optimiser step)
   * calls markChanged().
   */
  get generation(): number {
    return this.changes;
  }

  markChanged(): void {
    this.changes++;
  }

  add(name: string, shape: number[], values: Float32Array): tf.Variable {
    if (this.vars.has(name)) throw new Error(`duplicate parameter ${name}`);
    const v = tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), true));
    this.vars.set(name, v);
    this.changes++;
    return v;
  }

  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`unknown parameter ${name}`);
    return v;
  }

  names(filter?: (name: string) => boolean): string[] {
    const all = [...this.vars.keys()];
    return filter ? all.filter(filter) : all;
  }

  variables(filter?: (name: string) => boolean): tf.Variable[] {
    return this.names(filter).map((n) => this.get(n));
  }

  /**
   * Copies values out. Asynchronous because a GPU backend can only read back that way (tfjs-backend-webgpu's
   * synchronous read needs a browser's OffscreenCanvas); on wasm and cpu the reads resolve at once.
   */
  async exportWeights(filter?: (name: string) => boolean): Promise<WeightMap> {
    const names = this.names(filter);
    const values = await Promise.all(names.map((name) => this.get(name).data()));
    const out: WeightMap = {};
    names.forEach((name, i) => {
      // slice(): the cpu backend hands out its own buffer, which must never alias our copy.
      out[name] = { shape: [...this.get(name).shape], values: (values[i] as Float32Array).slice() };
    });
    return out;
  }

  /**
   * Overwrites the named parameters from a weight map. Every entry must exist here with the same
   * shape; with `requireAll`, every parameter here must also be present in the map.
   */
  importWeights(weights: WeightMap, requireAll = false): void {
    for (const [name, entry] of Object.entries(weights)) {
      const v = this.vars.get(name);
      if (!v) throw new Error(`weights contain unknown parameter ${name}`);
      if (!sameShape(v.shape, entry.shape)) {
        throw new Error(`parameter ${name}: shape [${entry.shape}] does not match the model's [${v.shape}]`);
      }
      if (entry.values.length !== v.size) throw new Error(`parameter ${name}: ${entry.values.length} values for shape [${v.shape}]`);
    }
    if (requireAll) {
      const missing = this.names((n) => !(n in weights));
      if (missing.length) throw new Error(`weights are missing parameters: ${missing.join(', ')}`);
    }
    for (const [name, entry] of Object.entries(weights)) {
      const v = this.get(name);
      tf.tidy(() => v.assign(tf.tensor(entry.values, entry.shape, 'float32')));
    }
    this.changes++;
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
