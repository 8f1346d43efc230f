import { Type } from './dto-instance.js';
import { Equals, IsArray, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { AddressDto, NodeInfoDto, TaintDto } from './node-parts.dto.js';

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

class ObjectMetaDto {
  @IsString({ message: 'name is required' })
  name!: string;
  @IsOptional() @IsObject()
  labels?: Record<string, string>;
}


class NodeSpecDto {
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => TaintDto)
  taints?: TaintDto[];
}

class ResourceListDto {
  @Matches(QUANTITY, { message: 'cpu must be a quantity such as 2 or 1500m' }) cpu!: string;
  @Matches(QUANTITY, { message: 'memory must be a quantity such as 8Gi' }) memory!: string;
  @Matches(/^[0-9]+$/, { message: 'pods must be a whole number' }) pods!: string;
}



class NodeStatusDto {
  @ValidateNested() @Type(() => ResourceListDto) capacity!: ResourceListDto;
  @IsOptional() @ValidateNested() @Type(() => ResourceListDto) allocatable?: ResourceListDto;
  @IsArray() @ValidateNested({ each: true }) @Type(() => AddressDto) addresses!: AddressDto[];
  @ValidateNested() @Type(() => NodeInfoDto) nodeInfo!: NodeInfoDto;
}

/** A Node as a kubelet posts it when it registers (POST /api/v1/nodes, or the body of a join). */
export class NodeManifestDto {
  @IsOptional() @Equals('Node', { message: 'kind must be Node' }) kind?: string;
  @ValidateNested() @Type(() => ObjectMetaDto) metadata!: ObjectMetaDto;
  @IsOptional() @ValidateNested() @Type(() => NodeSpecDto) spec?: NodeSpecDto;
  @ValidateNested() @Type(() => NodeStatusDto) status!: NodeStatusDto;
}
