import type { FieldCause } from '../shared/errors.js';

/** The key rule ConfigMap and Secret data share: keys become file names and environment variable names. */
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Kubernetes' MaxSecretSize, which also bounds a ConfigMap's data. */
export const MAX_DATA_BYTES = 1024 * 1024;

export type DataMap = Readonly<Record<string, string>>;

export function configKeyProblem(key: string): string | undefined {
  if (key.length > 253) return 'must be no more than 253 characters';
  if (!CONFIG_KEY.test(key))
    return "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
  if (key === '.') return "must not be '.'";
  if (key === '..') return "must not be '..'";
  if (key.startsWith('..')) return "must not start with '..'";
  return undefined;
}

/** `data[key]: Invalid value: "key": …` for each bad key, as Kubernetes names them. */
export function configKeysProblems(data: DataMap, field: string): FieldCause[] {
  return Object.keys(data).flatMap((key) => {
    const problem = configKeyProblem(key);
    return problem ? [{ field: `${field}[${key}]`, message: `Invalid value: "${key}": ${problem}` }] : [];
  });
}

export function base64Problems(data: DataMap, field: string, what = 'must be base64'): FieldCause[] {
  return Object.entries(data).flatMap(([key, value]) => (BASE64.test(value) ? [] : [{ field: `${field}[${key}]`, message: `Invalid value: ${what}` }]));
}

/** Bytes once decoded; the input must be valid base64. */
export const base64Bytes = (text: string) => (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);

/** `field: Too long: …` when the values hold more than MAX_DATA_BYTES; `note` says more (which maps were counted). */
export const tooLarge = (bytes: number, field: string, note = ''): FieldCause[] =>
  bytes > MAX_DATA_BYTES ? [{ field, message: `Too long: must have at most ${MAX_DATA_BYTES} bytes${note}` }] : [];

export function sameData(a: DataMap, b: DataMap): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && b[k] === a[k]);
}
