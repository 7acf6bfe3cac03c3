import { Injectable } from '@nestjs/common';
import { AliasName, ModelAliasesRepository, ModelKind, ModelVersionDoc, ModelVersionsRepository } from '@loan/data-access';
import { deserialiseModel, LoanModel, ModelArtifact, serialiseModel } from '@loan/ml';
import { MlBackendService } from './ml-backend.service';

export interface RegisterModel {
  model: LoanModel;
  /** The job (or bootstrap step) that made it; registering the same key again returns the first version. */
  trainingKey: string;
  kind: ModelKind;
  parentVersion: number | null;
  trainingDays: string[];
  /** Days whose tuning parts judged it (see ModelVersionDoc.judgeDays); default none. */
  judgeDays?: string[];
  attempt: number | null;
  metrics: Record<string, number>;
  durationMs: number;
}

export interface LoadedModel {
  doc: ModelVersionDoc;
  model: LoanModel;
}

/** Models in MongoDB: serialised with a checksum on the way in, verified on every way out. */
@Injectable()
export class ModelRegistryService {
  constructor(
    private readonly versions: ModelVersionsRepository,
    private readonly aliases: ModelAliasesRepository,
    private readonly backend: MlBackendService,
  ) {}

  async register(r: RegisterModel): Promise<ModelVersionDoc> {
    const existing = await this.versions.findByTrainingKey(r.trainingKey);
    if (existing) return existing;
    const { artifact, checksum } = await serialiseModel(r.model);
    const { weights, ...header } = artifact;
    return this.versions.create(
      {
        trainingKey: r.trainingKey,
        kind: r.kind,
        parentVersion: r.parentVersion,
        trainingDays: r.trainingDays,
        judgeDays: r.judgeDays ?? [],
        attempt: r.attempt,
        metrics: r.metrics,
        threshold: r.model.threshold,
        preprocessingVersion: r.model.preprocessingVersion,
        backend: await this.backend.backend(),
        durationMs: r.durationMs,
        checksum,
        artifactJson: JSON.stringify(header),
      },
      weights,
    );
  }

  /** Rebuilds a version; a corrupted or tampered artifact throws (ChecksumMismatchError) instead of loading. */
  async load(version: number): Promise<LoadedModel> {
    await this.backend.backend();
    const doc = await this.versions.findByVersion(version);
    if (!doc) throw new Error(`model version ${version} does not exist`);
    const weights = await this.versions.weightsOf(doc);
    const artifact = { ...JSON.parse(doc.artifactJson), weights } as ModelArtifact;
    return { doc, model: deserialiseModel(artifact, doc.checksum) };
  }

  async aliasVersion(alias: AliasName): Promise<number | null> {
    return (await this.aliases.get(alias))?.version ?? null;
  }

  async loadAlias(alias: AliasName): Promise<LoadedModel | null> {
    const version = await this.aliasVersion(alias);
    return version === null ? null : this.load(version);
  }
}
