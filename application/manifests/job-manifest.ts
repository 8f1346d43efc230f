import { IsBoolean, IsIn, IsInt, IsOptional, ValidateNested } from 'class-validator';
import { jobProblems, type CreateJob } from '../../domain/job/job.decide.js';
import { withGeneratedSelector } from '../../domain/job/job-selector.js';
import { Type } from '../validation/dto-instance.js';
import { JOB_FIELDS } from './manifest-fields.js';
import type { Causes } from './manifest-values.js';
import { parseManifestOf, templateSpecProblems, type ManifestKind, type ManifestOptions, type ParsedManifest } from './parse-manifest.js';
import { ManifestMetaDto, PodTemplateManifestDto } from './pod.dto.js';
import { toLabelSelector, toMeta, toTemplate, type Identity } from './to-workload.js';
import { LabelSelectorDto } from './workload.dto.js';

const integer = () => IsInt({ message: 'Invalid value: $value: must be an integer' });

class JobSpecDto {
  @IsOptional() @integer() completions?: number;
  @IsOptional() @integer() parallelism?: number;
  @IsOptional() @integer() backoffLimit?: number;
  @IsOptional() @integer() activeDeadlineSeconds?: number;
  @IsOptional() @integer() ttlSecondsAfterFinished?: number;
  @IsOptional() @IsBoolean() suspend?: boolean;
  @IsOptional() @IsBoolean() manualSelector?: boolean;
  @IsOptional() @IsIn(['NonIndexed'], { message: 'Unsupported value: "$value": kes runs NonIndexed Jobs only' }) completionMode?: string;
  @IsOptional() @ValidateNested() @Type(() => LabelSelectorDto) selector?: LabelSelectorDto;
  @IsOptional() @ValidateNested() @Type(() => PodTemplateManifestDto) template?: PodTemplateManifestDto;
}

export class JobManifestDto {
  @IsOptional() @ValidateNested() @Type(() => ManifestMetaDto) metadata?: ManifestMetaDto;
  @IsOptional() @ValidateNested() @Type(() => JobSpecDto) spec?: JobSpecDto;
}

/** Kubernetes' defaults for a Job: one pod to completion, one at a time, six retries. */
export const JOB_DEFAULTS = { completions: 1, parallelism: 1, backoffLimit: 6 } as const;

const JOB: ManifestKind = { kind: 'Job', apiVersion: 'batch/v1', fields: JOB_FIELDS };

/** A Job manifest as CreateJob's data; without a selector of its own, the one Kubernetes generates from the uid. */
export function toCreateJob(dto: JobManifestDto, identity: Identity, causes: Causes): CreateJob['data'] {
  const meta = toMeta(dto.metadata, identity, causes);
  const spec = dto.spec ?? {};
  const generated = withGeneratedSelector(meta.uid, meta.name, toTemplate(spec.template, causes), toLabelSelector(spec.selector, causes));
  return {
    meta,
    ...generated,
    completions: spec.completions ?? JOB_DEFAULTS.completions,
    parallelism: spec.parallelism ?? JOB_DEFAULTS.parallelism,
    backoffLimit: spec.backoffLimit ?? JOB_DEFAULTS.backoffLimit,
    ...(typeof spec.activeDeadlineSeconds === 'number' ? { activeDeadlineSeconds: spec.activeDeadlineSeconds } : {}),
    ...(typeof spec.ttlSecondsAfterFinished === 'number' ? { ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished } : {}),
    suspend: spec.suspend ?? false,
  };
}

export function parseJobManifest(body: unknown, options: ManifestOptions): ParsedManifest<CreateJob['data']> {
  return parseManifestOf(JOB, JobManifestDto, body, options.fieldValidation ?? 'Strict',
    (dto, causes) => toCreateJob(dto, options, causes), (data) => [...jobProblems(data), ...templateSpecProblems(data)]);
}
