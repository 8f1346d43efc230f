/** `.` and `..` as a path segment, also percent-encoded (`%2e`, `%2E`), as URL parsers read them. */
const DOT = /^(?:\.|%2e)$/i;
const DOT_DOT = /^(?:\.|%2e){2}$/i;

/**
 * The request target with an empty segment (`//`), `.` and `..` removed, as Go's http server cleans a path
 * before kube-apiserver routes it: every spelling of a path then reaches the route it names, and is authorized
 * as that route. The query is left as it is.
 */
export function cleanRequestTarget(target: string): string {
  const queryAt = target.indexOf('?');
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  const query = queryAt < 0 ? '' : target.slice(queryAt);
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || DOT.test(segment)) continue;
    if (DOT_DOT.test(segment)) segments.pop();
    else segments.push(segment);
  }
  const trailing = path.length > 1 && path.endsWith('/') && segments.length > 0 ? '/' : '';
  return `/${segments.join('/')}${trailing}${query}`;
}
