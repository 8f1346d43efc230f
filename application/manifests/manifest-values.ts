import type { FieldCause } from '../../domain/shared/errors.js';
import { labelKeyProblem } from '../../domain/shared/labels.js';
import { MAX_QUANTITY, readBytes, readCpuMillis, type QuantityProblem, type QuantityReading } from '../../domain/shared/quantity.js';
import type { Requirement } from '../../domain/shared/selectors.js';
import type { RequirementDto } from './pod.dto.js';

/** Values that several manifest parts share: quantities, string maps, selector requirements. */

export type Causes = FieldCause[];

/** Kubernetes' own wording for a quantity it cannot parse (apimachinery resource.ErrFormatWrong). */
export const QUANTITY_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const KUBERNETES_QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

const asQuantityText = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** What is wrong with a quantity, said as Kubernetes says it; `largest` is MAX_QUANTITY written in the resource's unit. */
function quantityMessage(text: string, problem: QuantityProblem, largest: string): string {
  if (problem === 'format' && !KUBERNETES_QUANTITY.test(text)) return QUANTITY_MESSAGE;
  if (problem === 'format')
    return `Invalid value: ${JSON.stringify(text)}: not a quantity: a number such as 1.5, then one suffix (m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei) or an exponent such as e3`;
  if (problem === 'negative') return `Invalid value: ${JSON.stringify(text)}: must be greater than or equal to 0`;
  return `Invalid value: ${JSON.stringify(text)}: out of range: must be at most ${largest}`;
}

function quantity(value: unknown, field: string, causes: Causes, read: (text: string) => QuantityReading, largest: string): number {
  const text = asQuantityText(value);
  const reading = read(text);
  if ('value' in reading) return reading.value;
  causes.push({ field, message: quantityMessage(text.trim(), reading.problem, largest) });
  return 0;
}

export const cpuMillis = (value: unknown, field: string, causes: Causes): number =>
  quantity(value, field, causes, readCpuMillis, `${MAX_QUANTITY}m`);

/** Bytes, rounded up as Kubernetes rounds them: `100m` of memory (a tenth of a byte) is 1 byte. */
export const memoryBytes = (value: unknown, field: string, causes: Causes): number =>
  quantity(value, field, causes, readBytes, String(MAX_QUANTITY));

/** A map of strings (annotations, nodeSelector, matchLabels), copied; a value of another type is a cause. */
export function stringMap(value: Record<string, unknown> | undefined, field: string, causes: Causes): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [key, v] of Object.entries(value ?? {})) {
    if (typeof v === 'string') map[key] = v;
    else causes.push({ field: `${field}[${key}]`, message: `Invalid value: ${JSON.stringify(v)}: must be a string` });
  }
  return map;
}

export function toRequirement({ key, operator, values }: RequirementDto): Requirement {
  return operator === 'In' || operator === 'NotIn' ? { key, operator, values: [...(values ?? [])] } : { key, operator };
}

const hasValues = (r: RequirementDto) => (r.values ?? []).length > 0;

/** Exists and DoesNotExist take no values (the domain's selector checks cover the rest of a label selector). */
export function valuesForbiddenCauses(r: RequirementDto, at: string): Causes {
  if ((r.operator === 'Exists' || r.operator === 'DoesNotExist') && hasValues(r))
    return [{ field: `${at}.values`, message: "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'" }];
  return [];
}

/** Every check Kubernetes makes of a node selector requirement (node affinity has no domain check of its own). */
export function requirementCauses(r: RequirementDto, at: string): Causes {
  const keyProblem = labelKeyProblem(r.key);
  const needsValues = (r.operator === 'In' || r.operator === 'NotIn') && !hasValues(r);
  return [
    ...(keyProblem ? [{ field: `${at}.key`, message: `Invalid value: "${r.key}": ${keyProblem}` }] : []),
    ...(needsValues ? [{ field: `${at}.values`, message: "Required value: must be specified when `operator` is 'In' or 'NotIn'" }] : []),
    ...valuesForbiddenCauses(r, at),
  ];
}
