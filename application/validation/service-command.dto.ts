import { Type } from './dto-instance.js';
import { IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { NewObjectMetaDto } from './pod-spec.dto.js';

/** Payloads of the service, endpoints, configmap, secret, serviceaccount and range allocation commands (domain shapes). */
class KeyDto {
  @IsString() @IsNotEmpty() namespace!: string;
  @IsString() @IsNotEmpty() name!: string;
}

class ServicePortDto {
  @IsOptional() @IsString() name?: string;
  @IsIn(['TCP', 'UDP']) protocol!: string;
  @IsInt() @Min(1) @Max(65535) port!: number;
  @IsNotEmpty() targetPort!: number | string;
  @IsOptional() @IsInt() nodePort?: number;
}

class ServiceSpecDto {
  @IsIn(['ClusterIP', 'NodePort']) type!: string;
  @IsObject() selector!: Record<string, string>;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ServicePortDto) ports!: ServicePortDto[];
  @IsString() @IsNotEmpty() clusterIP!: string;
  @IsOptional() @IsIn(['None', 'ClientIP']) sessionAffinity?: string;
}

class CreateServiceDto {
  @ValidateNested() @Type(() => NewObjectMetaDto) meta!: NewObjectMetaDto;
  @ValidateNested() @Type(() => ServiceSpecDto) spec!: ServiceSpecDto;
}

class ServicePortsDto extends KeyDto {
  @IsArray() @ValidateNested({ each: true }) @Type(() => ServicePortDto) ports!: ServicePortDto[];
  @IsOptional() @IsString() clusterIP?: string;
}

class ServiceSelectorDto extends KeyDto {
  @IsObject() selector!: Record<string, string>;
  @IsOptional() @IsString() clusterIP?: string;
}

class SetEndpointsDto extends KeyDto {
  @IsArray() @IsObject({ each: true }) subsets!: object[];
}

class CreateConfigMapDto {
  @ValidateNested() @Type(() => NewObjectMetaDto) meta!: NewObjectMetaDto;
  @IsObject() data!: Record<string, string>;
  @IsOptional() @IsObject() binaryData?: Record<string, string>;
}

class ConfigMapDataDto extends KeyDto {
  @IsObject() data!: Record<string, string>;
  @IsOptional() @IsObject() binaryData?: Record<string, string>;
}

class CreateSecretDto {
  @ValidateNested() @Type(() => NewObjectMetaDto) meta!: NewObjectMetaDto;
  @IsString() @IsNotEmpty() type!: string;
  @IsString() @IsNotEmpty() keyId!: string;
  @IsObject() encryptedData!: Record<string, string>;
}

class SecretDataDto extends KeyDto {
  @IsString() @IsNotEmpty() keyId!: string;
  @IsObject() encryptedData!: Record<string, string>;
  @IsOptional() @IsString() type?: string;
}

class CreateServiceAccountDto {
  @ValidateNested() @Type(() => NewObjectMetaDto) meta!: NewObjectMetaDto;
  @IsOptional() @IsBoolean() automountServiceAccountToken?: boolean;
}

class RangeDto {
  @IsIn(['clusterips', 'nodeports']) name!: string;
  @IsString() @IsNotEmpty() range!: string;
}

class AllocateDto {
  @IsIn(['clusterips', 'nodeports']) name!: string;
  @IsString() @IsNotEmpty() owner!: string;
  @IsOptional() requested?: string | number;
}

class ReleaseDto {
  @IsIn(['clusterips', 'nodeports']) name!: string;
  @IsNotEmpty() value!: string | number;
}

export const SERVICE_COMMAND_DTOS: Record<string, new () => object> = {
  CreateService: CreateServiceDto,
  ChangeServicePorts: ServicePortsDto,
  ChangeServiceSelector: ServiceSelectorDto,
  DeleteService: KeyDto,
  SetEndpoints: SetEndpointsDto,
  DeleteEndpoints: KeyDto,
  CreateConfigMap: CreateConfigMapDto,
  ReplaceConfigMapData: ConfigMapDataDto,
  DeleteConfigMap: KeyDto,
  CreateSecret: CreateSecretDto,
  ReplaceSecretData: SecretDataDto,
  DeleteSecret: KeyDto,
  CreateServiceAccount: CreateServiceAccountDto,
  DeleteServiceAccount: KeyDto,
  ConfigureRange: RangeDto,
  Allocate: AllocateDto,
  Release: ReleaseDto,
};
