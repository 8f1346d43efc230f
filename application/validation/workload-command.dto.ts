import { Type } from './dto-instance.js';
import { IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { MANAGED_KINDS, RELABELLED_KINDS } from '../../domain/shared/metadata-change.js';
import { NewObjectMetaDto, OwnerReferenceDto, PodSpecDto, PodTemplateDto } from './pod-spec.dto.js';

/** Payloads of the namespace, pod, ReplicaSet and Deployment commands (domain shapes). */
class KeyDto {
  @IsString() @IsNotEmpty() namespace!: string;
  @IsString() @IsNotEmpty() name!: string;
}

class CreatePodDto {
  @ValidateNested() @Type(() => NewObjectMetaDto) meta!: NewObjectMetaDto;
  @ValidateNested() @Type(() => PodSpecDto) spec!: PodSpecDto;
}

class BindPodDto extends KeyDto {
  @IsString() @IsNotEmpty() nodeName!: string;
}

class PodReasonDto extends KeyDto {
  @IsString() reason!: string;
  @IsString() message!: string;
}

class EvictPodDto extends PodReasonDto {
  @IsOptional() @IsInt() @Min(0) gracePeriodSeconds?: number;
}

class ReviseReplicaSetDto extends KeyDto {
  @IsInt() @Min(1) revision!: number;
}

class MinReadySecondsDto extends KeyDto {
  @IsInt() @Min(0) minReadySeconds!: number;
}

class OrphanDto extends KeyDto {
  @IsString() @IsNotEmpty() ownerUid!: string;
}

/** AdoptPod and AdoptReplicaSet: which object, and the controller that takes it. */
class AdoptDto extends KeyDto {
  @ValidateNested() @Type(() => OwnerReferenceDto) owner!: OwnerReferenceDto;
}

class ReportPodStatusDto extends KeyDto {
  @IsString() @IsNotEmpty() nodeName!: string;
  @IsIn(['Pending', 'Running', 'Succeeded', 'Failed']) phase!: string;
  @IsOptional() @IsString() podIP?: string;
  @IsArray() @IsObject({ each: true }) conditions!: object[];
  @IsArray() @IsObject({ each: true }) containerStatuses!: object[];
  @IsOptional() @IsArray() @IsObject({ each: true }) initContainerStatuses?: object[];
  @IsOptional() @IsArray() @IsObject({ each: true }) hostPorts?: object[];
  @IsOptional() @IsString() reason?: string;
  @IsOptional() @IsString() message?: string;
}

class DeletePodDto extends KeyDto {
  @IsOptional() @IsInt() @Min(0) gracePeriodSeconds?: number;
}

class ConfirmPodDeletedDto extends KeyDto {
  @IsOptional() @IsBoolean() nodeGone?: boolean;
  @IsOptional() @IsString() nodeName?: string;
}

class ReplicasDto extends KeyDto {
  @IsInt() @Min(0) replicas!: number;
  @IsOptional() @IsInt() @Min(0) minReadySeconds?: number;
}

class CreateReplicaSetDto {
  @ValidateNested() @Type(() => NewObjectMetaDto) meta!: NewObjectMetaDto;
  @IsInt() @Min(0) replicas!: number;
  @IsArray() @IsObject({ each: true }) selector!: object[];
  @ValidateNested() @Type(() => PodTemplateDto) template!: PodTemplateDto;
}

class ReplicaSetStatusDto extends KeyDto {
  @IsInt() @Min(0) replicas!: number;
  @IsInt() @Min(0) readyReplicas!: number;
  @IsInt() @Min(0) availableReplicas!: number;
  @IsInt() @Min(0) observedGeneration!: number;
}

class CreateDeploymentDto extends CreateReplicaSetDto {
  @IsOptional() @IsObject() strategy?: object;
  @IsOptional() @IsInt() @Min(0) revisionHistoryLimit?: number;
  @IsOptional() @IsBoolean() paused?: boolean;
}

/** ChangeLabels and ChangeAnnotations: which object, the keys to set and the keys to remove. */
class MetadataChangeDto {
  @IsIn(RELABELLED_KINDS) kind!: string;
  /** '' for a Namespace. */
  @IsString() namespace!: string;
  @IsString() @IsNotEmpty() name!: string;
  @IsObject() set!: Record<string, string>;
  @IsArray() @IsString({ each: true }) remove!: string[];
}

/** ChangeManagedFields: which object, and its field managers as they are to be. */
class ManagedFieldsChangeDto {
  @IsIn(MANAGED_KINDS) kind!: string;
  @IsString() namespace!: string;
  @IsString() @IsNotEmpty() name!: string;
  @IsArray() @IsObject({ each: true }) managedFields!: object[];
}

class DeploymentTemplateDto extends KeyDto {
  @ValidateNested() @Type(() => PodTemplateDto) template!: PodTemplateDto;
}

class DeploymentStrategyDto extends KeyDto {
  @IsObject() strategy!: object;
}

class DeploymentStatusDto extends KeyDto {
  @IsInt() @Min(0) observedGeneration!: number;
  @IsInt() @Min(0) replicas!: number;
  @IsInt() @Min(0) updatedReplicas!: number;
  @IsInt() @Min(0) readyReplicas!: number;
  @IsInt() @Min(0) availableReplicas!: number;
  @IsInt() @Min(0) unavailableReplicas!: number;
  @IsArray() @IsObject({ each: true }) conditions!: object[];
}

export class NamespaceMetaDto {
  @IsString() @IsNotEmpty() name!: string;
  @IsString() @IsNotEmpty() uid!: string;
  @IsObject() labels!: Record<string, string>;
}

class CreateNamespaceDto {
  @ValidateNested() @Type(() => NamespaceMetaDto) meta!: NamespaceMetaDto;
}

class NamespaceNameDto {
  @IsString() @IsNotEmpty() name!: string;
}

export const WORKLOAD_COMMAND_DTOS: Record<string, new () => object> = {
  CreateNamespace: CreateNamespaceDto,
  DeleteNamespace: NamespaceNameDto,
  FinalizeNamespace: NamespaceNameDto,
  CreatePod: CreatePodDto,
  BindPod: BindPodDto,
  MarkPodUnschedulable: PodReasonDto,
  NominatePod: BindPodDto,
  ReportPodStatus: ReportPodStatusDto,
  EvictPod: EvictPodDto,
  DeletePod: DeletePodDto,
  OrphanPod: OrphanDto,
  AdoptPod: AdoptDto,
  ConfirmPodDeleted: ConfirmPodDeletedDto,
  CreateReplicaSet: CreateReplicaSetDto,
  ScaleReplicaSet: ReplicasDto,
  ReportReplicaSetStatus: ReplicaSetStatusDto,
  DeleteReplicaSet: KeyDto,
  OrphanReplicaSet: OrphanDto,
  AdoptReplicaSet: AdoptDto,
  ReviseReplicaSet: ReviseReplicaSetDto,
  ChangeReplicaSetMinReadySeconds: MinReadySecondsDto,
  CreateDeployment: CreateDeploymentDto,
  ScaleDeployment: ReplicasDto,
  ChangeDeploymentTemplate: DeploymentTemplateDto,
  ChangeDeploymentStrategy: DeploymentStrategyDto,
  ChangeDeploymentMinReadySeconds: MinReadySecondsDto,
  PauseDeployment: KeyDto,
  ResumeDeployment: KeyDto,
  ReportDeploymentStatus: DeploymentStatusDto,
  DeleteDeployment: KeyDto,
  ChangeLabels: MetadataChangeDto,
  ChangeAnnotations: MetadataChangeDto,
  ChangeManagedFields: ManagedFieldsChangeDto,
};
