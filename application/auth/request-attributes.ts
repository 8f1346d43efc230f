/**
 * What a request means, as Kubernetes' authorizers see it: who asks, which verb, and on what — an API group,
 * a resource and subresource, a namespace and a name — or, for paths that name no resource (discovery,
 * health), the path itself. The HTTP router fills these from its own parse of the decoded path.
 */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export const READ_VERBS: readonly Verb[] = ['get', 'list', 'watch'];

export type ResourceAttributes = Readonly<{
  verb: Verb;
  apiGroup: string;
  resource: string;
  subresource: string;
  /** '' at the cluster scope. */
  namespace: string;
  /** '' for a collection. */
  name: string;
}>;

export type NonResourceAttributes = Readonly<{ verb: Verb; path: string }>;

export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

export const isResourceRequest = (a: RequestAttributes): a is ResourceAttributes => 'resource' in a;
