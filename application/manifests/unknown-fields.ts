/**
 * Strict field checking, as Kubernetes' strict decoding does it for `?fieldValidation=Strict`: every field of a
 * manifest must be one the schema knows. A schema is a set of paths such as `spec.containers[].name`; `[]`
 * stands for any list index. A known path that no other path extends is a leaf (a value, a list of values or a
 * free map such as `metadata.labels`): nothing under it is checked.
 */
export type KnownFields = Readonly<{
  paths: ReadonlySet<string>;
  parents: ReadonlySet<string>;
  /** The kind of a leaf (pod-schema.ts), where the schema says; field-kinds.ts checks values against it. */
  kinds?: ReadonlyMap<string, string>;
}>;

/** Expands one `{a,b,c}` group in a path: `ports[].{name,containerPort}` → `ports[].name`, `ports[].containerPort`. */
function expand(path: string): string[] {
  const match = /\{([^{}]*)\}/.exec(path);
  if (!match) return [path];
  const before = path.slice(0, match.index);
  const after = path.slice(match.index + match[0].length);
  return match[1].split(',').flatMap((part) => expand(`${before}${part.trim()}${after}`));
}

/** The paths of `paths`, each put under `prefix` (`spec.template.spec` + `containers[].name`). */
export function under(prefix: string, paths: readonly string[]): string[] {
  return paths.flatMap(expand).map((path) => (prefix ? `${prefix}.${path}` : path));
}

/** Every proper prefix of a path: `a.b[].c` → `a`, `a.b`, `a.b[]`. */
function prefixes(path: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '.' || path[i] === '[') found.push(path.slice(0, i));
    if (path[i] === ']') found.push(path.slice(0, i + 1));
  }
  return found.filter((p) => p !== path);
}

export function knownFields(paths: readonly string[], kinds?: ReadonlyMap<string, string>): KnownFields {
  const all = paths.flatMap(expand);
  const parents = new Set(all.flatMap(prefixes));
  return { paths: new Set([...all, ...parents]), parents, ...(kinds ? { kinds } : {}) };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The fields of `body` that `known` does not name, as Kubernetes writes them: `spec.template.spec.containers[0].bogus`. */
export function unknownFields(body: unknown, known: KnownFields): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string, schemaPath: string): void => {
    if (schemaPath !== '' && !known.parents.has(schemaPath)) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${path}[${i}]`, `${schemaPath}[]`));
      return;
    }
    if (!isPlainObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      const childSchema = schemaPath ? `${schemaPath}.${key}` : key;
      if (known.paths.has(childSchema)) walk(child, childPath, childSchema);
      else found.push(childPath);
    }
  };
  walk(body, '', '');
  return found;
}
