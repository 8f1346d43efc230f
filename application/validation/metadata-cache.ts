import { getMetadataStorage } from 'class-validator';

type Lookup = ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas'];

/**
 * class-validator looks up a DTO's rules by filtering every rule of the class on each validation, for every
 * nested object; with pod specs at the API boundary that lookup is a third of the cost. The rules are fixed
 * once the DTO modules are loaded (decorators run at import), so the lookup is remembered per class and options.
 * Lookups with groups (kes uses none) go through unchanged.
 */
export function rememberValidationMetadata(): void {
  const storage = getMetadataStorage();
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const remembered = new Map<unknown, Map<string, ReturnType<Lookup>>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (groups && groups.length > 0) return lookup(target, schema, always, strictGroups, groups);
    const byOptions = remembered.get(target) ?? new Map<string, ReturnType<Lookup>>();
    remembered.set(target, byOptions);
    const key = `${schema}|${always}|${strictGroups}`;
    const found = byOptions.get(key) ?? lookup(target, schema, always, strictGroups, groups);
    byOptions.set(key, found);
    return found;
  };
}
