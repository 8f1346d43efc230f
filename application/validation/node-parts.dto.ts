import { IsIn, IsOptional, IsString } from 'class-validator';
import { TAINT_EFFECTS } from '../../domain/shared/taints.js';

/** Parts of a node shared by the Node manifest and the node commands. */
export class TaintDto {
  @IsString() key!: string;
  @IsOptional() @IsString() value?: string;
  @IsIn([...TAINT_EFFECTS], { message: `effect must be one of ${TAINT_EFFECTS.join(', ')}` }) effect!: string;
  @IsOptional() @IsString() timeAdded?: string;
}

export class AddressDto {
  @IsIn(['InternalIP', 'Hostname', 'ExternalIP']) type!: string;
  @IsString() address!: string;
}

export class NodeInfoDto {
  @IsString() osImage!: string;
  @IsString() kernelVersion!: string;
  @IsString() containerRuntimeVersion!: string;
  @IsString() kubeletVersion!: string;
  @IsString() operatingSystem!: string;
  @IsString() architecture!: string;
}
