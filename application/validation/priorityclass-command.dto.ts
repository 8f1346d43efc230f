import { Type } from './dto-instance.js';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, ValidateNested } from 'class-validator';
import { PREEMPTION_POLICIES } from '../../domain/priorityclass/priorityclass.js';
import { NamespaceMetaDto } from './workload-command.dto.js';

/** Payloads of the PriorityClass commands (domain shapes); `currentDefault` is filled in by the API server's admission. */
class NameDto {
  @IsString() @IsNotEmpty() name!: string;
}

class CreatePriorityClassDto {
  @ValidateNested() @Type(() => NamespaceMetaDto) meta!: NamespaceMetaDto;
  @IsInt() value!: number;
  @IsOptional() @IsBoolean() globalDefault?: boolean;
  @IsOptional() @IsIn(PREEMPTION_POLICIES) preemptionPolicy?: string;
  @IsOptional() @IsString() description?: string;
}

class DescribePriorityClassDto extends NameDto {
  @IsOptional() @IsString() description?: string;
}

class ChangePriorityClassGlobalDefaultDto extends NameDto {
  @IsBoolean() globalDefault!: boolean;
}

export const PRIORITY_CLASS_COMMAND_DTOS: Record<string, new () => object> = {
  CreatePriorityClass: CreatePriorityClassDto,
  DescribePriorityClass: DescribePriorityClassDto,
  ChangePriorityClassGlobalDefault: ChangePriorityClassGlobalDefaultDto,
  DeletePriorityClass: NameDto,
};
