import { CLOSE_ARRAY, CLOSE_OBJECT, COMMA, endOfString, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-text.js';

/*
 * What JSON.parse lets through silently: a key given twice (the last one wins, so a reviewer and the server can
 * read different objects) and keys that reach an object's prototype when code later copies them by assignment.
 */

type Frame = { keys?: Set<string>; path: string; index: number; member: string };

const joined = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * The fields JSON text gives more than once, as Kubernetes' strict decoding names them (`metadata.name`,
 * `spec.containers[0].image`), found in one pass without recursion. Only for text JSON.parse has accepted.
 */
export function duplicateFields(text: string): string[] {
  const found: string[] = [];
  const stack: Frame[] = [];
  let expectingKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = stack.at(-1);
    if (c === QUOTE) {
      const end = endOfString(text, i);
      if (top?.keys && expectingKey) {
        const raw = text.slice(i, end + 1);
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        top.member = joined(top.path, key);
        if (top.keys.has(key)) found.push(top.member);
        else top.keys.add(key);
        expectingKey = false;
      }
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const path = !top ? '' : top.keys ? top.member : `${top.path}[${top.index}]`;
      stack.push({ ...(c === OPEN_OBJECT ? { keys: new Set<string>() } : {}), path, index: 0, member: '' });
      expectingKey = c === OPEN_OBJECT;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
      expectingKey = false;
    } else if (c === COMMA && top) {
      if (top.keys) expectingKey = true;
      else top.index++;
    }
  }
  return found;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Where a parsed body holds `__proto__`, or `constructor.prototype`, as a key; undefined when nowhere. Iterative, so any depth. */
export function prototypeKey(value: unknown): string | undefined {
  const pending: [unknown, string][] = [[value, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, path] = next;
    if (!isObject(node)) continue;
    for (const key of Object.keys(node)) {
      const member = Array.isArray(node) ? `${path}[${key}]` : joined(path, key);
      const child = node[key];
      if (key === '__proto__' || (key === 'constructor' && isObject(child) && Object.hasOwn(child, 'prototype'))) return member;
      pending.push([child, member]);
    }
  }
  return undefined;
}
