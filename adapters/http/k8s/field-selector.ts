export type FieldRequirement = Readonly<{ field: string; value: string; equal: boolean }>;

/** kubectl's --field-selector: `a=b,c!=d` (also `==`). Returns a problem string for bad syntax. */
export function parseFieldSelector(text: string | undefined): FieldRequirement[] | string {
  if (!text) return [];
  const requirements: FieldRequirement[] = [];
  for (const term of text.split(',')) {
    const match = /^\s*([A-Za-z0-9_.]+)\s*(!=|==|=)\s*(.*?)\s*$/.exec(term);
    if (!match) return `invalid field selector term "${term}": expected field=value or field!=value`;
    requirements.push({ field: match[1], value: match[3], equal: match[2] !== '!=' });
  }
  return requirements;
}

export function matchesFields(requirements: readonly FieldRequirement[], fields: Readonly<Record<string, string>>, kind: string): string | boolean {
  for (const r of requirements) {
    if (!(r.field in fields)) return `field label not supported for ${kind}: "${r.field}"`;
    if ((fields[r.field] === r.value) !== r.equal) return false;
  }
  return true;
}
