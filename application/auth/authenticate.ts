import { TOKEN, tokenUsable, type Component } from '../../domain/cluster/cluster.js';
import type { Credentials } from '../ports/ids.js';
import type { TokenSigner } from '../ports/token-signer.js';
import type { ReadModels } from '../projections/read-models.js';
import { ADMIN, bootstrapActor, CONTROLLER_MANAGER, nodeActor, SCHEDULER } from '../commands/authorize.js';
import { serviceAccountGroups, serviceAccountOfToken, serviceAccountUser } from './service-account-tokens.js';

/** Who a request comes from: the user name (`actor`), the kind of credential, and the groups it is in. */
export type Identity = Readonly<{ actor: string; kind: 'admin' | 'node' | 'bootstrap' | 'component' | 'serviceaccount' | 'anonymous'; name: string; groups: readonly string[] }>;

export const MASTERS = 'system:masters';
export const NODES = 'system:nodes';
export const BOOTSTRAPPERS = 'system:bootstrappers';
/** The scheduler and the controller manager, when they run as processes of their own. */
export const COMPONENT_GROUP = 'system:kes-components';
const AUTHENTICATED = 'system:authenticated';

/** Whoever sends no credential: what they may do is what everyone may (health, version, the cluster CA). */
export const ANONYMOUS: Identity = { actor: 'system:anonymous', kind: 'anonymous', name: 'system:anonymous', groups: ['system:unauthenticated'] };

/** Node credentials look like `kesnode.<name>.<secret>`; the name says which hash to check. */
export const NODE_CREDENTIAL_PREFIX = 'kesnode.';

export function nodeCredential(name: string, secret: string): string {
  return `${NODE_CREDENTIAL_PREFIX}${name}.${secret}`;
}

/** Component credentials look like `kescomponent.<component>.<secret>`. */
export const COMPONENT_CREDENTIAL_PREFIX = 'kescomponent.';

export function componentCredential(component: Component, secret: string): string {
  return `${COMPONENT_CREDENTIAL_PREFIX}${component}.${secret}`;
}

const COMPONENT_ACTORS: Readonly<Record<Component, string>> = { scheduler: SCHEDULER, 'controller-manager': CONTROLLER_MANAGER };

function componentOf(token: string, models: ReadModels, credentials: Credentials): Identity | undefined {
  if (models.cluster.status !== 'initialized') return undefined;
  const rest = token.slice(COMPONENT_CREDENTIAL_PREFIX.length);
  const component = rest.slice(0, rest.indexOf('.')) as Component;
  const hash = Object.hasOwn(COMPONENT_ACTORS, component) ? models.cluster.components[component] : undefined;
  return hash && credentials.matches(token, hash) ? { actor: COMPONENT_ACTORS[component], kind: 'component', name: component, groups: [COMPONENT_GROUP, AUTHENTICATED] } : undefined;
}

/** A ServiceAccount token is a JWT: three base64url parts, the first a JSON header (`{"…` is `eyJ…`). */
const looksLikeJwt = (token: string) => token.startsWith('eyJ') && token.split('.').length === 3;

function serviceAccountOf(token: string, models: ReadModels, signer: TokenSigner, now: string): Identity | undefined {
  const account = serviceAccountOfToken(token, signer, models, now);
  if (!account) return undefined;
  const actor = serviceAccountUser(account.namespace, account.name);
  return { actor, kind: 'serviceaccount', name: actor, groups: [...serviceAccountGroups(account.namespace), AUTHENTICATED] };
}

/**
 * Who a bearer token belongs to, or undefined when it is nobody's. ServiceAccount tokens are known only where a
 * `signer` is given (the API server's).
 */
export function authenticate(token: string, models: ReadModels, credentials: Credentials, now: string, signer?: TokenSigner): Identity | undefined {
  if (models.cluster.status !== 'initialized') return undefined;
  if (credentials.matches(token, models.cluster.config.adminTokenHash)) return { actor: ADMIN, kind: 'admin', name: ADMIN, groups: [MASTERS, AUTHENTICATED] };
  if (token.startsWith(NODE_CREDENTIAL_PREFIX)) {
    const rest = token.slice(NODE_CREDENTIAL_PREFIX.length);
    const name = rest.slice(0, rest.lastIndexOf('.'));
    const hash = models.nodeCredentials.get(name);
    return hash && credentials.matches(token, hash) ? { actor: nodeActor(name), kind: 'node', name, groups: [NODES, AUTHENTICATED] } : undefined;
  }
  if (token.startsWith(COMPONENT_CREDENTIAL_PREFIX)) return componentOf(token, models, credentials);
  if (signer && looksLikeJwt(token)) return serviceAccountOf(token, models, signer, now);
  const match = TOKEN.exec(token);
  if (match) {
    const stored = models.cluster.tokens[match[1]];
    if (stored && tokenUsable(stored, now) && credentials.matches(match[2], stored.secretHash))
      return { actor: bootstrapActor(match[1]), kind: 'bootstrap', name: match[1], groups: [BOOTSTRAPPERS, AUTHENTICATED] };
  }
  return undefined;
}
