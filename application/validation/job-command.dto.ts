import { Type } from './dto-instance.js';
import { IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { NewObjectMetaDto, PodTemplateDto } from './pod-spec.dto.js';

/** Payloads of the batch/v1 Job commands (domain shapes). */
class KeyDto {
  @IsString() @IsNotEmpty() namespace!: string;
  @IsString() @IsNotEmpty() name!: string;
}

class CreateJobDto {
  @ValidateNested() @Type(() => NewObjectMetaDto) meta!: NewObjectMetaDto;
  @ValidateNested() @Type(() => PodTemplateDto) template!: PodTemplateDto;
  @IsArray() @IsObject({ each: true }) selector!: object[];
  @IsInt() completions!: number;
  @IsInt() parallelism!: number;
  @IsInt() backoffLimit!: number;
  @IsOptional() @IsInt() activeDeadlineSeconds?: number;
  @IsOptional() @IsInt() ttlSecondsAfterFinished?: number;
  @IsBoolean() suspend!: boolean;
}

class JobStatusDto extends KeyDto {
  @IsInt() @Min(0) active!: number;
  @IsInt() @Min(0) ready!: number;
  @IsInt() @Min(0) succeeded!: number;
  @IsInt() @Min(0) failed!: number;
  @IsOptional() @IsString() startTime?: string;
}

class FailJobDto extends KeyDto {
  @IsIn(['BackoffLimitExceeded', 'DeadlineExceeded']) reason!: string;
  @IsString() message!: string;
}

class ParallelismDto extends KeyDto {
  @IsInt() @Min(0) parallelism!: number;
}

export const JOB_COMMAND_DTOS: Record<string, new () => object> = {
  CreateJob: CreateJobDto,
  ReportJobStatus: JobStatusDto,
  CompleteJob: KeyDto,
  FailJob: FailJobDto,
  SuspendJob: KeyDto,
  ResumeJob: KeyDto,
  ChangeJobParallelism: ParallelismDto,
  DeleteJob: KeyDto,
};
