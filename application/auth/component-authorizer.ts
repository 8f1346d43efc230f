import { COMPONENT_GROUP, type Identity } from './authenticate.js';
import { ALLOW, deny, type Opinion } from './opinion.js';
import { isDiscoveryPath, KES_GROUP } from './paths.js';
import { isResourceRequest, READ_VERBS, type RequestAttributes } from './request-attributes.js';

/** What no component needs to read: object data it never acts on, and bootstrap tokens. */
const UNREAD = new Set(['secrets', 'configmaps', 'persistentvolumeclaims']);

/**
 * The scheduler and the controller manager as processes of their own (Kubernetes' system:kube-scheduler and
 * system:kube-controller-manager roles, narrowed): they read the cluster's objects and its event feed, and change
 * it only through commands — which the command handler authorizes one by one.
 */
export function componentAuthorizer(user: Identity, a: RequestAttributes): Opinion {
  if (!user.groups.includes(COMPONENT_GROUP)) return undefined;
  if (!isResourceRequest(a)) return a.verb === 'get' && isDiscoveryPath(a.path) ? ALLOW : deny('a component may read only the API discovery documents');
  if (a.apiGroup === KES_GROUP && a.resource === 'commands') return a.verb === 'create' ? ALLOW : deny('commands are sent, not read');
  if (a.apiGroup === KES_GROUP && (a.resource === 'tokens' || a.resource === 'join')) return deny('components neither join nodes nor manage bootstrap tokens');
  if (a.apiGroup === KES_GROUP && a.resource === 'export') return deny('the whole log, unfiltered, is exported by admins only');
  if (a.apiGroup === KES_GROUP && a.resource === 'audit') return deny('the audit is read by admins');
  if (a.apiGroup === '' && UNREAD.has(a.resource)) return deny(`components do not read ${a.resource}`);
  return READ_VERBS.includes(a.verb) ? ALLOW : deny('a component changes the cluster only through commands (POST /kes/v1/commands, or kes.commands.<Type> over NATS)');
}
