import { validateSync, type ValidationError } from 'class-validator';
import type { FieldCause } from '../../domain/shared/errors.js';
import { toInstance, type DtoClass } from './dto-instance.js';
import { rememberValidationMetadata } from './metadata-cache.js';

rememberValidationMetadata();

/**
 * Validates a plain object against a class-validator DTO; returns one cause per bad field, with its path. Anything
 * but an object (an array, a number, a string) is refused whole: class-validator would find nothing wrong with it.
 */
export function validateDto<T extends object>(dto: DtoClass<T>, plain: unknown): { value: T; causes: FieldCause[] } {
  if (plain !== undefined && plain !== null && (typeof plain !== 'object' || Array.isArray(plain)))
    return { value: plain as T, causes: [{ field: '<body>', message: `must be a JSON object, not ${Array.isArray(plain) ? 'an array' : typeof plain}` }] };
  const value = toInstance(dto, plain ?? {});
  const errors = validateSync(value, { forbidUnknownValues: false });
  return { value, causes: errors.flatMap((e) => causesOf(e, '')) };
}

function causesOf(error: ValidationError, parent: string): FieldCause[] {
  const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: message.replace(`${error.property} `, '') }));
  return [...own, ...(error.children ?? []).flatMap((child) => causesOf(child, field))];
}
