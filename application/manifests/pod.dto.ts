import { Type } from '../validation/dto-instance.js';
import { int64 } from './integers.js';
import {
  IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, Max, Min, ValidateNested,
} from 'class-validator';
import { ContainerDto } from './container.dto.js';
import type { PodAffinityDto, TopologySpreadConstraintDto } from './to-pod-placement.js';

/** A v1 Pod manifest (and the PodSpec templates of ReplicaSets and Deployments), shapes only. */

const integer = int64;
const required = () => IsString({ message: 'Required value: must be a string' });
const oneOf = (values: readonly string[]) =>
  IsIn([...values], { message: `Unsupported value: "$value": supported values: ${values.map((v) => `"${v}"`).join(', ')}` });

export const REQUIREMENT_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

export class ManifestMetaDto {
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsString() namespace?: string;
  @IsOptional() @IsObject() labels?: Record<string, unknown>;
  @IsOptional() @IsObject() annotations?: Record<string, unknown>;
}

export class RequirementDto {
  @required() key!: string;
  @oneOf(REQUIREMENT_OPERATORS) operator!: (typeof REQUIREMENT_OPERATORS)[number];
  @IsOptional() @IsArray() @IsString({ each: true }) values?: string[];
}

class NodeSelectorTermDto {
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => RequirementDto) matchExpressions?: RequirementDto[];
}

class NodeSelectorDto {
  @IsArray() @ValidateNested({ each: true }) @Type(() => NodeSelectorTermDto) nodeSelectorTerms!: NodeSelectorTermDto[];
}

class PreferredTermDto {
  @integer() @Min(1, { message: 'Invalid value: $value: must be in the range 1-100' }) @Max(100, { message: 'Invalid value: $value: must be in the range 1-100' })
  weight!: number;
  @ValidateNested() @Type(() => NodeSelectorTermDto) preference!: NodeSelectorTermDto;
}

export class NodeAffinityDto {
  @IsOptional() @ValidateNested() @Type(() => NodeSelectorDto)
  requiredDuringSchedulingIgnoredDuringExecution?: NodeSelectorDto;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => PreferredTermDto)
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredTermDto[];
}

class AffinityDto {
  @IsOptional() @ValidateNested() @Type(() => NodeAffinityDto) nodeAffinity?: NodeAffinityDto;
  /** Their kinds are checked by field-kinds.ts, their values by to-pod-placement.ts. */
  @IsOptional() @IsObject() podAffinity?: PodAffinityDto;
  @IsOptional() @IsObject() podAntiAffinity?: PodAffinityDto;
}

export class TolerationDto {
  @IsOptional() @IsString() key?: string;
  @IsOptional() @oneOf(['Equal', 'Exists']) operator?: 'Equal' | 'Exists';
  @IsOptional() @IsString() value?: string;
  @IsOptional() @oneOf(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  @IsOptional() @integer() tolerationSeconds?: number;
}

class ConfigMapSourceDto {
  @required() name!: string;
  @IsOptional() @IsBoolean() optional?: boolean;
}

class SecretSourceDto {
  @required() secretName!: string;
  @IsOptional() @IsBoolean() optional?: boolean;
}

class HostPathSourceDto {
  @required() path!: string;
}

export class VolumeDto {
  @required() name!: string;
  @IsOptional() @ValidateNested() @Type(() => ConfigMapSourceDto) configMap?: ConfigMapSourceDto;
  @IsOptional() @ValidateNested() @Type(() => SecretSourceDto) secret?: SecretSourceDto;
  @IsOptional() @IsObject() emptyDir?: object;
  @IsOptional() @ValidateNested() @Type(() => HostPathSourceDto) hostPath?: HostPathSourceDto;
}

export class PodSpecManifestDto {
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ContainerDto) containers?: ContainerDto[];
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ContainerDto) initContainers?: ContainerDto[];
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => VolumeDto) volumes?: VolumeDto[];
  @IsOptional() @IsObject() nodeSelector?: Record<string, unknown>;
  @IsOptional() @ValidateNested() @Type(() => AffinityDto) affinity?: AffinityDto;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => TolerationDto) tolerations?: TolerationDto[];
  @IsOptional() @IsArray() @IsObject({ each: true }) topologySpreadConstraints?: TopologySpreadConstraintDto[];
  @IsOptional() @IsString() priorityClassName?: string;
  @IsOptional() priority?: number;
  @IsOptional() @oneOf(['PreemptLowerPriority', 'Never']) preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
  @IsOptional() @oneOf(['Always', 'OnFailure', 'Never']) restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  @IsOptional() @integer() terminationGracePeriodSeconds?: number;
  @IsOptional() @IsString() nodeName?: string;
}

export class PodTemplateManifestDto {
  @IsOptional() @ValidateNested() @Type(() => ManifestMetaDto) metadata?: ManifestMetaDto;
  @IsOptional() @ValidateNested() @Type(() => PodSpecManifestDto) spec?: PodSpecManifestDto;
}

export class PodManifestDto {
  @IsOptional() @ValidateNested() @Type(() => ManifestMetaDto) metadata?: ManifestMetaDto;
  @IsOptional() @ValidateNested() @Type(() => PodSpecManifestDto) spec?: PodSpecManifestDto;
}
