import { ValidateBy, type ValidationArguments } from 'class-validator';

/*
 * Kubernetes' integer fields are int32 (replicas, ports, probe periods) or int64 (grace periods, toleration
 * seconds): its decoder refuses a number past their range, where JavaScript would keep a count of pods or a port
 * no node can use, or round it silently past 2^53.
 */

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

const shown = (value: unknown) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));

function integerOf(name: string, inRange: (value: number) => boolean, range: string) {
  return () =>
    ValidateBy({
      name,
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isInteger(value) && inRange(value),
        defaultMessage: (args?: ValidationArguments) =>
          typeof args?.value === 'number' && Number.isInteger(args.value)
            ? `Invalid value: ${String(args.value)}: must be an integer ${range}`
            : `Invalid value: ${shown(args?.value)}: must be an integer`,
      },
    });
}

/** An int32 field. */
export const int32 = integerOf('isInt32', (v) => v >= INT32_MIN && v <= INT32_MAX, `from ${INT32_MIN} to ${INT32_MAX} (32 bits)`);
/** An int64 field, as far as a JSON number holds one exactly. */
export const int64 = integerOf('isInt64', (v) => Number.isSafeInteger(v), `from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`);
