import { ServingModelsService } from './serving-models.service';

// Fakes stand in for the registry and the model: this checks the swap and lease bookkeeping only.
function fakeModel(version: number) {
  return {
    version,
    threshold: 0.5,
    preprocessingVersion: 'p1',
    disposed: false,
    dispose() {
      this.disposed = true;
    },
    async predictProba() {
      return new Float32Array([0.25]);
    },
  };
}

function setup() {
  const aliases: Record<string, number | null> = { champion: 1, challenger: null };
  const broken = new Set<number>();
  const loaded: ReturnType<typeof fakeModel>[] = [];
  const registry = {
    aliasVersion: async (alias: string) => aliases[alias] ?? null,
    load: async (version: number) => {
      if (broken.has(version)) throw new Error(`model v${version}: checksum mismatch`);
      const model = fakeModel(version);
      loaded.push(model);
      return { doc: { version, metrics: { f1: 0.5 } }, model };
    },
  };
  const fits = { byFingerprint: async () => fakeFit() };
  const backend = { backend: async () => 'cpu' };
  const raised: { _id: string; kind: string; severity: string; message: string }[] = [];
  const alerts = { raise: async (doc: (typeof raised)[number]) => void (raised.some((a) => a._id === doc._id) || raised.push(doc)) };
  const service = new ServingModelsService(registry as never, fits as never, backend as never, alerts as never);
  return { service, aliases, broken, loaded, raised };
}

function fakeFit() {
  // preprocessRow reads categorical modes and numeric medians/fences/scalers for every column.
  const { CATEGORICAL_COLUMNS, NUMERIC_COLUMNS, CATEGORY_CODES } = jest.requireActual('@loan/features');
  return {
    categorical: Object.fromEntries(CATEGORICAL_COLUMNS.map((c: string) => [c, { mode: CATEGORY_CODES[c][0] }])),
    numeric: Object.fromEntries(
      NUMERIC_COLUMNS.map((c: string) => [c, { median: 1, fences: { lower: -1e9, upper: 1e9 }, scaler: { mean: 0, std: 1 } }]),
    ),
  };
}

describe('ServingModelsService', () => {
  it('loads the champion at start-up and reports it', async () => {
    const { service } = setup();
    await service.onModuleInit();
    expect(service.current('champion')?.doc.version).toBe(1);
    expect(service.current('challenger')).toBeNull();
  });

  it('keeps a borrowed model alive across a swap and disposes it when the last lease ends', async () => {
    const { service, aliases, loaded } = setup();
    await service.onModuleInit();
    const lease = service.acquire('champion');
    if (!lease) throw new Error('no champion to borrow after start-up');
    aliases.champion = 2;
    const result = await service.reload('test');
    expect(result).toMatchObject({ champion: 2, changed: ['champion'], refused: [] });
    expect(service.current('champion')?.doc.version).toBe(2);
    expect(lease.served.doc.version).toBe(1);
    expect(loaded[0].disposed).toBe(false);
    lease.release();
    lease.release(); // twice is harmless
    expect(loaded[0].disposed).toBe(true);
    expect(loaded[1].disposed).toBe(false);
  });

  it('refuses a version that fails to load and keeps serving the current one', async () => {
    const { service, aliases, broken, raised } = setup();
    await service.onModuleInit();
    aliases.champion = 3;
    broken.add(3);
    const result = await service.reload('test');
    expect(result.refused).toEqual([expect.objectContaining({ alias: 'champion', version: 3, reason: expect.stringMatching(/checksum/) })]);
    expect(result.champion).toBe(1);
    expect(service.current('champion')?.doc.version).toBe(1);
    // One CRITICAL alert naming the version and who keeps serving, not one per reload.
    await service.reload('again');
    expect(raised).toEqual([expect.objectContaining({ kind: 'model_refused', severity: 'CRITICAL', message: expect.stringMatching(/champion v3 was refused.*v1 keeps serving/) })]);
  });

  it('loads and drops the challenger as its alias comes and goes, telling listeners', async () => {
    const { service, aliases, loaded } = setup();
    await service.onModuleInit();
    const seen: string[] = [];
    service.onChange((alias, served) => seen.push(`${alias}:${served?.doc.version ?? '-'}`));
    aliases.challenger = 4;
    await service.reload('test');
    aliases.challenger = null;
    await service.reload('test');
    expect(seen).toEqual(['champion:1', 'challenger:-', 'challenger:4', 'challenger:-']);
    expect(loaded.find((m) => m.version === 4)?.disposed).toBe(true);
  });

  it('runs concurrent reloads one after another', async () => {
    const { service, aliases } = setup();
    await service.onModuleInit();
    aliases.champion = 5;
    const [a, b] = await Promise.all([service.reload('a'), service.reload('b')]);
    expect(a.changed).toEqual(['champion']);
    expect(b.changed).toEqual([]);
  });
});
