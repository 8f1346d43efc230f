import { Type } from '../validation/dto-instance.js';
import { int32 } from './integers.js';
import { IsArray, IsBoolean, IsIn, IsObject, IsOptional, ValidateBy, ValidateNested } from 'class-validator';
import { ManifestMetaDto, PodTemplateManifestDto, RequirementDto } from './pod.dto.js';

/** v1 Namespace, apps/v1 ReplicaSet and apps/v1 Deployment manifests, shapes only. */

const integer = int32;

/** maxSurge and maxUnavailable: a count or a percent; the domain checks the value (rollout.ts). */
const IsIntOrText = () =>
  ValidateBy({
    name: 'isIntOrText',
    validator: {
      validate: (value: unknown) => typeof value === 'number' || typeof value === 'string',
      defaultMessage: () => 'Invalid value: must be an integer or a percent such as 25%',
    },
  });

export class LabelSelectorDto {
  @IsOptional() @IsObject() matchLabels?: Record<string, unknown>;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => RequirementDto) matchExpressions?: RequirementDto[];
}

class ReplicaSetSpecDto {
  @IsOptional() @integer() replicas?: number;
  @IsOptional() @integer() minReadySeconds?: number;
  @IsOptional() @ValidateNested() @Type(() => LabelSelectorDto) selector?: LabelSelectorDto;
  @IsOptional() @ValidateNested() @Type(() => PodTemplateManifestDto) template?: PodTemplateManifestDto;
}

class RollingUpdateDto {
  @IsOptional() @IsIntOrText() maxSurge?: number | string;
  @IsOptional() @IsIntOrText() maxUnavailable?: number | string;
}

class StrategyDto {
  @IsOptional() @IsIn(['RollingUpdate', 'Recreate'], { message: 'Unsupported value: "$value": supported values: "Recreate", "RollingUpdate"' })
  type?: 'RollingUpdate' | 'Recreate';
  @IsOptional() @ValidateNested() @Type(() => RollingUpdateDto) rollingUpdate?: RollingUpdateDto;
}

class DeploymentSpecDto extends ReplicaSetSpecDto {
  @IsOptional() @ValidateNested() @Type(() => StrategyDto) strategy?: StrategyDto;
  @IsOptional() @integer() revisionHistoryLimit?: number;
  @IsOptional() @integer() progressDeadlineSeconds?: number;
  @IsOptional() @IsBoolean() paused?: boolean;
}

export class ReplicaSetManifestDto {
  @IsOptional() @ValidateNested() @Type(() => ManifestMetaDto) metadata?: ManifestMetaDto;
  @IsOptional() @ValidateNested() @Type(() => ReplicaSetSpecDto) spec?: ReplicaSetSpecDto;
}

export class DeploymentManifestDto {
  @IsOptional() @ValidateNested() @Type(() => ManifestMetaDto) metadata?: ManifestMetaDto;
  @IsOptional() @ValidateNested() @Type(() => DeploymentSpecDto) spec?: DeploymentSpecDto;
}

export class NamespaceManifestDto {
  @IsOptional() @ValidateNested() @Type(() => ManifestMetaDto) metadata?: ManifestMetaDto;
}
