import { IsInt, IsISO8601, IsNotEmpty, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Type } from './dto-instance.js';

/** How long an audit record's message may be: the recorder cuts longer ones. */
export const MAX_AUDIT_MESSAGE = 1024;

class AskedForDto {
  @IsString() @IsNotEmpty() @MaxLength(32) verb!: string;
  @IsString() @MaxLength(253) apiGroup!: string;
  @IsString() @MaxLength(253) resource!: string;
  @IsString() @MaxLength(253) subresource!: string;
  @IsString() @MaxLength(253) namespace!: string;
  @IsString() @MaxLength(253) name!: string;
  @IsString() @MaxLength(512) path!: string;
}

class RecordRefusalDto {
  @IsString() @IsNotEmpty() @MaxLength(512) actor!: string;
  @IsString() @MaxLength(128) source!: string;
  @ValidateNested() @Type(() => AskedForDto) asked!: AskedForDto;
  @IsInt() @Min(400) @Max(499) code!: number;
  @IsString() @IsNotEmpty() @MaxLength(64) reason!: string;
  @IsString() @MaxLength(MAX_AUDIT_MESSAGE) message!: string;
  @IsInt() @Min(1) count!: number;
  @IsISO8601() firstAt!: string;
  @IsISO8601() lastAt!: string;
}

class RecordDroppedRefusalsDto {
  @IsInt() @Min(1) count!: number;
  @IsISO8601() firstAt!: string;
  @IsISO8601() lastAt!: string;
}

/** The audit log's commands, which only the API server sends. */
export const AUDIT_COMMAND_DTOS: Record<string, new () => object> = {
  RecordRefusal: RecordRefusalDto,
  RecordDroppedRefusals: RecordDroppedRefusalsDto,
};
