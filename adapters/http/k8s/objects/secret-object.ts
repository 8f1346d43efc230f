import type { SecretView } from '../../../../application/projections/service-views.js';
import { SEALED_ANNOTATIONS, type OpenedSecret } from '../../../../application/secrets/secret-values.js';
import { objectMetadata } from './pod-spec-object.js';
import type { K8sSecret } from './config-types.js';

/**
 * A Secret view as a v1 Secret, with its values opened (base64). Once its key is destroyed (a DELETED watch
 * event) nothing sealed can be shown: the values and sealed annotations are left out.
 */
export function secretObject(view: SecretView, opened: OpenedSecret | undefined): K8sSecret {
  const annotations = opened?.annotations ?? Object.fromEntries(Object.entries(view.meta.annotations).filter(([k]) => !SEALED_ANNOTATIONS.includes(k)));
  const data = opened?.data ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMetadata({ ...view.meta, annotations }, view.resourceVersion),
    ...(Object.keys(data).length > 0 ? { data } : {}),
    type: view.type,
  };
}
