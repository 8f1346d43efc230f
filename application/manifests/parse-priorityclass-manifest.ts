import { IsBoolean, IsIn, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { priorityClassProblems, type CreatePriorityClass } from '../../domain/priorityclass/priorityclass.decide.js';
import { PREEMPTION_POLICIES, type PreemptionPolicy } from '../../domain/priorityclass/priorityclass.js';
import { Type } from '../validation/dto-instance.js';
import { PRIORITYCLASS_FIELDS } from './manifest-fields.js';
import type { Causes } from './manifest-values.js';
import { parseManifestOf, type ManifestKind, type ManifestOptions, type ParsedManifest } from './parse-manifest.js';
import { ManifestMetaDto } from './pod.dto.js';
import { toMeta } from './to-workload.js';

/** scheduling.k8s.io/v1 PriorityClass manifests: shapes here, values checked by the decider's own rules. */
export class PriorityClassManifestDto {
  @IsOptional() @ValidateNested() @Type(() => ManifestMetaDto) metadata?: ManifestMetaDto;
  @IsInt({ message: 'Invalid value: $value: must be an integer' }) value!: number;
  @IsOptional() @IsBoolean({ message: 'Invalid value: $value: must be a boolean' }) globalDefault?: boolean;
  @IsOptional() @IsString({ message: 'Invalid value: $value: must be a string' }) description?: string;
  @IsOptional() @IsIn(PREEMPTION_POLICIES, { message: `Unsupported value: "$value": supported values: "${PREEMPTION_POLICIES.join('", "')}"` }) preemptionPolicy?: string;
}

const PRIORITYCLASS: ManifestKind = { kind: 'PriorityClass', apiVersion: 'scheduling.k8s.io/v1', fields: PRIORITYCLASS_FIELDS };

export type PriorityClassManifest = CreatePriorityClass['data'];

function toCreatePriorityClass(dto: PriorityClassManifestDto, options: ManifestOptions, causes: Causes): PriorityClassManifest {
  return {
    meta: toMeta(dto.metadata, { namespace: '', uid: options.uid }, causes),
    value: dto.value,
    globalDefault: dto.globalDefault ?? false,
    preemptionPolicy: (dto.preemptionPolicy ?? 'PreemptLowerPriority') as PreemptionPolicy,
    ...(dto.description === undefined || dto.description === null ? {} : { description: dto.description }),
  };
}

export function parsePriorityClassManifest(body: unknown, options: ManifestOptions): ParsedManifest<PriorityClassManifest> {
  return parseManifestOf(PRIORITYCLASS, PriorityClassManifestDto, body, options.fieldValidation ?? 'Strict',
    (dto, causes) => toCreatePriorityClass(dto, options, causes), priorityClassProblems);
}
