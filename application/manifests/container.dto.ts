import { Type } from '../validation/dto-instance.js';
import { int32 } from './integers.js';
import {
  IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, Min, ValidateBy, ValidateNested,
} from 'class-validator';

/** A container of a v1 PodSpec as a manifest writes it; shapes only, the rules are in to-container.ts. */

const atLeast = (n: number) => Min(n, { message: `Invalid value: $value: must be greater than or equal to ${n}` });
const integer = int32;
const text = () => IsString({ message: 'Invalid value: must be a string' });
const required = () => IsString({ message: 'Required value: must be a string' });

/** Kubernetes' IntOrString, as a probe's port: a number, or the name of a container port. */
const IsIntOrString = () =>
  ValidateBy({
    name: 'isIntOrString',
    validator: {
      validate: (value: unknown) => Number.isInteger(value) || (typeof value === 'string' && value !== ''),
      defaultMessage: () => 'Invalid value: must be an integer or the name of a container port',
    },
  });

class KeyRefDto {
  @required() name!: string;
  @required() key!: string;
  @IsOptional() @IsBoolean() optional?: boolean;
}

class FieldRefDto {
  @required() fieldPath!: string;
  @IsOptional() @text() apiVersion?: string;
}

class ResourceFieldRefDto {
  @required() resource!: string;
  @IsOptional() @text() containerName?: string;
  @IsOptional() divisor?: string | number;
}

class GrpcDto {
  @integer() port!: number;
  @IsOptional() @text() service?: string;
}

export class EnvVarSourceDto {
  @IsOptional() @ValidateNested() @Type(() => ResourceFieldRefDto) resourceFieldRef?: ResourceFieldRefDto;
  @IsOptional() @ValidateNested() @Type(() => KeyRefDto) configMapKeyRef?: KeyRefDto;
  @IsOptional() @ValidateNested() @Type(() => KeyRefDto) secretKeyRef?: KeyRefDto;
  @IsOptional() @ValidateNested() @Type(() => FieldRefDto) fieldRef?: FieldRefDto;
}

export class EnvVarDto {
  @required() name!: string;
  @IsOptional() @text() value?: string;
  @IsOptional() @ValidateNested() @Type(() => EnvVarSourceDto) valueFrom?: EnvVarSourceDto;
}

export class ContainerPortDto {
  @IsOptional() @text() name?: string;
  @integer() containerPort!: number;
  @IsOptional() @integer() hostPort?: number;
  @IsOptional() @IsIn(['TCP', 'UDP'], { message: 'Unsupported value: "$value": supported values: "TCP", "UDP"' }) protocol?: 'TCP' | 'UDP';
}

export class ResourcesDto {
  @IsOptional() @IsObject() requests?: Record<string, unknown>;
  @IsOptional() @IsObject() limits?: Record<string, unknown>;
}

export class VolumeMountDto {
  @required() name!: string;
  @required() mountPath!: string;
  @IsOptional() @IsBoolean() readOnly?: boolean;
}

class ExecDto {
  @IsArray() @IsString({ each: true, message: 'Required value: must be a list of strings' }) command!: string[];
}

class HttpGetDto {
  @IsOptional() @text() path?: string;
  @IsIntOrString() port!: number | string;
  @IsOptional() @IsIn(['HTTP', 'HTTPS'], { message: 'Unsupported value: "$value": supported values: "HTTP", "HTTPS"' }) scheme?: 'HTTP' | 'HTTPS';
}

class TcpSocketDto {
  @IsIntOrString() port!: number | string;
}

export class ProbeDto {
  @IsOptional() @ValidateNested() @Type(() => ExecDto) exec?: ExecDto;
  @IsOptional() @ValidateNested() @Type(() => HttpGetDto) httpGet?: HttpGetDto;
  @IsOptional() @ValidateNested() @Type(() => TcpSocketDto) tcpSocket?: TcpSocketDto;
  @IsOptional() @ValidateNested() @Type(() => GrpcDto) grpc?: GrpcDto;
  @IsOptional() @integer() @atLeast(0) initialDelaySeconds?: number;
  @IsOptional() @integer() @atLeast(1) periodSeconds?: number;
  @IsOptional() @integer() @atLeast(1) timeoutSeconds?: number;
  @IsOptional() @integer() @atLeast(1) successThreshold?: number;
  @IsOptional() @integer() @atLeast(1) failureThreshold?: number;
}

export class ContainerDto {
  @required() name!: string;
  @required() image!: string;
  @IsOptional() @IsArray() @IsString({ each: true }) command?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) args?: string[];
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => EnvVarDto) env?: EnvVarDto[];
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ContainerPortDto) ports?: ContainerPortDto[];
  @IsOptional() @ValidateNested() @Type(() => ResourcesDto) resources?: ResourcesDto;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => VolumeMountDto) volumeMounts?: VolumeMountDto[];
  @IsOptional() @ValidateNested() @Type(() => ProbeDto) readinessProbe?: ProbeDto;
  @IsOptional() @ValidateNested() @Type(() => ProbeDto) livenessProbe?: ProbeDto;
  @IsOptional() @ValidateNested() @Type(() => ProbeDto) startupProbe?: ProbeDto;
}
