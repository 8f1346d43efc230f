import { IsDefined } from 'class-validator';

/** A DTO class: what `Type` names and `toInstance` makes. */
export type DtoClass<T = object> = new () => T;

type NestedTypes = Map<string, () => DtoClass>;

/** The DTO class of each nested property, by the class that declares it. */
const nestedTypes = new Map<object, NestedTypes>();

/**
 * Marks a property as holding a DTO, or an array of DTOs, of the class `type` returns (as class-transformer's
 * `@Type`), so that toInstance makes it one and class-validator's `@ValidateNested` checks it. The property is
 * required unless it is also `@IsOptional()`: class-validator's nested validation passes a missing object by,
 * and the code after validation would then meet `undefined` where it was promised an object.
 */
export function Type(type: () => DtoClass): PropertyDecorator {
  return (prototype, property) => {
    IsDefined({ message: 'Required value' })(prototype, property);
    const declared = nestedTypes.get(prototype) ?? new Map<string, () => DtoClass>();
    declared.set(String(property), type);
    nestedTypes.set(prototype, declared);
  };
}

/** The class of `property` of DTO `prototype`, declared on it or on a class it extends. */
function nestedType(prototype: object | null, property: string): (() => DtoClass) | undefined {
  for (let p = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const type = nestedTypes.get(p)?.get(property);
    if (type) return type;
  }
  return undefined;
}

/**
 * `plain` (parsed JSON) as an instance of `dto`, and each property marked with `Type` as an instance of its
 * class, element by element for arrays; everything else as it is, so class-validator finds what it should
 * check and reports anything else (a string where an object belongs) as it is. This is the part of
 * class-transformer's plainToInstance that validation needs, at a tenth of its cost: the API server runs it on
 * every pod it is sent.
 */
export function toInstance<T extends object>(dto: DtoClass<T>, plain: unknown): T {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) return plain as T;
  const instance = new dto() as Record<string, unknown>;
  const prototype = dto.prototype as object;
  for (const [property, value] of Object.entries(plain)) {
    if (property === '__proto__') continue; // an own "__proto__" key of parsed JSON must not become the prototype
    const type = value !== null && typeof value === 'object' ? nestedType(prototype, property) : undefined;
    instance[property] = type === undefined ? value : Array.isArray(value) ? value.map((element) => toInstance(type(), element)) : toInstance(type(), value);
  }
  return instance as T;
}
