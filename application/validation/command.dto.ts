import { COMPONENTS } from '../../domain/cluster/cluster.js';
import { Type } from './dto-instance.js';
import {
  IsArray, IsIn, IsISO8601, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Max, Min, ValidateNested,
} from 'class-validator';
import { AUDIT_COMMAND_DTOS } from './audit-command.dto.js';
import { AddressDto, NodeInfoDto, TaintDto } from './node-parts.dto.js';
import { ReportReconcileFailureDto } from './reconcile-failure.dto.js';
import { JOB_COMMAND_DTOS } from './job-command.dto.js';
import { SERVICE_COMMAND_DTOS } from './service-command.dto.js';
import { PRIORITY_CLASS_COMMAND_DTOS } from './priorityclass-command.dto.js';
import { WORKLOAD_COMMAND_DTOS } from './workload-command.dto.js';

class NamedDto {
  @IsString() @IsNotEmpty() name!: string;
}

class ResourcesDto {
  @IsInt() @Min(0) cpuMillis!: number;
  @IsInt() @Min(0) memoryBytes!: number;
  @IsInt() @Min(0) pods!: number;
}

export class RegistrationDto extends NamedDto {
  @IsIn(['control-plane', 'worker']) role!: string;
  @IsObject() labels!: Record<string, string>;
  @IsArray() @ValidateNested({ each: true }) @Type(() => TaintDto) taints!: TaintDto[];
  @ValidateNested() @Type(() => ResourcesDto) capacity!: ResourcesDto;
  @ValidateNested() @Type(() => ResourcesDto) allocatable!: ResourcesDto;
  @IsArray() @ValidateNested({ each: true }) @Type(() => AddressDto) addresses!: AddressDto[];
  @ValidateNested() @Type(() => NodeInfoDto) nodeInfo!: NodeInfoDto;
  /** Where the node's kubelet API listens (Node status daemonEndpoints.kubeletEndpoint.Port). */
  @IsOptional() @IsInt() @Min(1) @Max(65535) kubeletPort?: number;
}

class JoinNodeDto {
  @ValidateNested() @Type(() => RegistrationDto) registration!: RegistrationDto;
  @IsString() @IsNotEmpty() credentialHash!: string;
  @IsString() @IsNotEmpty() bootstrapTokenId!: string;
}

class ChangeNodeLabelsDto extends NamedDto {
  @IsObject() set!: Record<string, string>;
  @IsArray() @IsString({ each: true }) remove!: string[];
}

class SetNodeTaintsDto extends NamedDto {
  @IsArray() @ValidateNested({ each: true }) @Type(() => TaintDto) taints!: TaintDto[];
}

class ReportNodeReadinessDto extends NamedDto {
  @IsIn(['True', 'False', 'Unknown']) status!: string;
  @IsString() reason!: string;
  @IsString() message!: string;
}

class InitializeClusterDto {
  @IsString() @IsNotEmpty() clusterName!: string;
  @IsString() @IsNotEmpty() apiEndpoint!: string;
  @IsString() @IsNotEmpty() adminTokenHash!: string;
  @IsString() @IsNotEmpty() kubernetesVersion!: string;
}

class CreateBootstrapTokenDto {
  @IsString() tokenId!: string;
  @IsString() @IsNotEmpty() secretHash!: string;
  @IsISO8601() expiresAt!: string;
  @IsString() description!: string;
  @IsArray() @IsString({ each: true }) usages!: string[];
}

class TokenIdDto {
  @IsString() @IsNotEmpty() tokenId!: string;
}

class ComponentCredentialDto {
  @IsIn([...COMPONENTS]) component!: string;
  @IsString() @IsNotEmpty() tokenHash!: string;
}

class AdminTokenDto {
  @IsString() @IsNotEmpty() adminTokenHash!: string;
}

/** The payload class of each command the API takes. */
export const COMMAND_DTOS: Record<string, new () => object> = {
  ...WORKLOAD_COMMAND_DTOS,
  ...SERVICE_COMMAND_DTOS,
  ...JOB_COMMAND_DTOS,
  ...AUDIT_COMMAND_DTOS,
  ...PRIORITY_CLASS_COMMAND_DTOS,
  InitializeCluster: InitializeClusterDto,
  CreateBootstrapToken: CreateBootstrapTokenDto,
  DeleteBootstrapToken: TokenIdDto,
  IssueComponentCredential: ComponentCredentialDto,
  ReplaceAdminToken: AdminTokenDto,
  RegisterNode: RegistrationDto,
  JoinNode: JoinNodeDto,
  ChangeNodeLabels: ChangeNodeLabelsDto,
  SetNodeTaints: SetNodeTaintsDto,
  CordonNode: NamedDto,
  UncordonNode: NamedDto,
  ReportNodeReadiness: ReportNodeReadinessDto,
  DeleteNode: NamedDto,
  ResetNode: NamedDto,
  ReportReconcileFailure: ReportReconcileFailureDto,
};
