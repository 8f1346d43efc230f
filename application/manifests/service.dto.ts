import { Type } from '../validation/dto-instance.js';
import { int32 } from './integers.js';
import { IsArray, IsBoolean, IsObject, IsOptional, IsString, ValidateBy, ValidateNested } from 'class-validator';
import { ManifestMetaDto } from './pod.dto.js';

/** v1 Service, ConfigMap, Secret and ServiceAccount manifests, shapes only; the domain checks the values. */

const integer = int32;
const string = () => IsString({ message: 'Invalid value: $value: must be a string' });

const IsPortNumberOrName = () =>
  ValidateBy({
    name: 'isPortNumberOrName',
    validator: {
      validate: (value: unknown) => (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'string',
      defaultMessage: () => 'Invalid value: must be a port number or the name of a container port',
    },
  });

export class ServicePortManifestDto {
  @IsOptional() @string() name?: string;
  @IsOptional() @string() protocol?: string;
  @integer() port!: number;
  @IsOptional() @IsPortNumberOrName() targetPort?: number | string;
  @IsOptional() @integer() nodePort?: number;
}

class ServiceSpecManifestDto {
  @IsOptional() @string() type?: string;
  @IsOptional() @IsObject() selector?: Record<string, unknown>;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ServicePortManifestDto) ports?: ServicePortManifestDto[];
  @IsOptional() @string() clusterIP?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) clusterIPs?: string[];
  @IsOptional() @string() sessionAffinity?: string;
}

export class ServiceManifestDto {
  @IsOptional() @ValidateNested() @Type(() => ManifestMetaDto) metadata?: ManifestMetaDto;
  @IsOptional() @ValidateNested() @Type(() => ServiceSpecManifestDto) spec?: ServiceSpecManifestDto;
}

export class ConfigMapManifestDto {
  @IsOptional() @ValidateNested() @Type(() => ManifestMetaDto) metadata?: ManifestMetaDto;
  @IsOptional() @IsObject() data?: Record<string, unknown>;
  @IsOptional() @IsObject() binaryData?: Record<string, unknown>;
}

export class SecretManifestDto {
  @IsOptional() @ValidateNested() @Type(() => ManifestMetaDto) metadata?: ManifestMetaDto;
  @IsOptional() @string() type?: string;
  @IsOptional() @IsObject() data?: Record<string, unknown>;
  @IsOptional() @IsObject() stringData?: Record<string, unknown>;
}

export class ServiceAccountManifestDto {
  @IsOptional() @ValidateNested() @Type(() => ManifestMetaDto) metadata?: ManifestMetaDto;
  @IsOptional() @IsBoolean({ message: 'Invalid value: $value: must be a boolean' }) automountServiceAccountToken?: boolean;
}
