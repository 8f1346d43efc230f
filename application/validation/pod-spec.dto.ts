import { Type } from './dto-instance.js';
import {
  IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Max, Min, ValidateNested,
} from 'class-validator';

/** The domain shape of a PodSpec (domain/pod/pod-spec.ts), checked before a command reaches its decider. */
class AmountsDto {
  @IsInt() @Min(0) cpuMillis!: number;
  @IsInt() @Min(0) memoryBytes!: number;
}

class ResourcesDto {
  @ValidateNested() @Type(() => AmountsDto) requests!: AmountsDto;
  @IsOptional() @IsObject() limits?: object;
}

class PortDto {
  @IsOptional() @IsString() name?: string;
  @IsInt() @Min(1) @Max(65535) containerPort!: number;
  @IsOptional() @IsInt() @Min(1) @Max(65535) hostPort?: number;
  @IsIn(['TCP', 'UDP']) protocol!: string;
}

class ContainerDto {
  @IsString() name!: string;
  @IsString() image!: string;
  @IsOptional() @IsArray() @IsString({ each: true }) command?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) args?: string[];
  @IsArray() @IsObject({ each: true }) env!: object[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => PortDto) ports!: PortDto[];
  @ValidateNested() @Type(() => ResourcesDto) resources!: ResourcesDto;
  @IsArray() @IsObject({ each: true }) volumeMounts!: object[];
  @IsOptional() @IsObject() readinessProbe?: object;
  @IsOptional() @IsObject() livenessProbe?: object;
  @IsOptional() @IsObject() startupProbe?: object;
}

class TolerationDto {
  @IsOptional() @IsString() key?: string;
  @IsIn(['Equal', 'Exists']) operator!: string;
  @IsOptional() @IsString() value?: string;
  @IsOptional() @IsIn(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) effect?: string;
  @IsOptional() @IsInt() @Min(0) tolerationSeconds?: number;
}

export class PodSpecDto {
  @IsArray() @ValidateNested({ each: true }) @Type(() => ContainerDto) containers!: ContainerDto[];
  @IsArray() @IsObject({ each: true }) volumes!: object[];
  @IsObject() nodeSelector!: Record<string, string>;
  @IsOptional() @IsObject() affinity?: object;
  @IsArray() @ValidateNested({ each: true }) @Type(() => TolerationDto) tolerations!: TolerationDto[];
  @IsOptional() @IsArray() @IsObject({ each: true }) topologySpreadConstraints?: object[];
  @IsOptional() @IsString() priorityClassName?: string;
  @IsOptional() @IsInt() priority?: number;
  @IsOptional() @IsIn(['PreemptLowerPriority', 'Never']) preemptionPolicy?: string;
  @IsIn(['Always', 'OnFailure', 'Never']) restartPolicy!: string;
  @IsInt() @Min(0) terminationGracePeriodSeconds!: number;
  @IsOptional() @IsString() nodeName?: string;
  @IsOptional() @IsObject() unmodelled?: Record<string, unknown>;
}

export class PodTemplateDto {
  @IsObject() labels!: Record<string, string>;
  @IsObject() annotations!: Record<string, string>;
  @ValidateNested() @Type(() => PodSpecDto) spec!: PodSpecDto;
}

export class OwnerReferenceDto {
  @IsString() kind!: string;
  @IsString() name!: string;
  @IsString() uid!: string;
  @IsBoolean() controller!: boolean;
}

export class NewObjectMetaDto {
  @IsString() name!: string;
  @IsString() namespace!: string;
  @IsString() uid!: string;
  @IsObject() labels!: Record<string, string>;
  @IsObject() annotations!: Record<string, string>;
  @IsArray() @ValidateNested({ each: true }) @Type(() => OwnerReferenceDto) ownerReferences!: OwnerReferenceDto[];
}
