import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_FAILURE_MESSAGE, REPORTED_KINDS } from '../../domain/shared/reconcile-failure.js';

/** ReportReconcileFailure: on which object, from which controller, why. */
export class ReportReconcileFailureDto {
  @IsIn(REPORTED_KINDS) kind!: string;
  /** '' for a Node or a Namespace. */
  @IsString() namespace!: string;
  @IsString() @IsNotEmpty() name!: string;
  @IsString() @IsNotEmpty() @MaxLength(63) controller!: string;
  @IsString() @IsNotEmpty() @MaxLength(128) reason!: string;
  @IsString() @MaxLength(MAX_FAILURE_MESSAGE) message!: string;
  @IsOptional() @IsString() @IsNotEmpty() nodeName?: string;
}
