import { labelKeyProblem, labelValueProblem, type Labels } from './labels.js';

export type Requirement = Readonly<
  | { key: string; operator: 'In' | 'NotIn'; values: readonly string[] }
  | { key: string; operator: 'Exists' | 'DoesNotExist' }
>;

export type Selector = readonly Requirement[];

/** Kubernetes' LabelSelector as a manifest writes it: every matchLabels pair and every expression must hold. */
export type LabelSelector = Readonly<{ matchLabels?: Labels; matchExpressions?: readonly Requirement[] }>;

/** The requirements of a LabelSelector: matchLabels as single-value In requirements first. */
export function toSelector({ matchLabels = {}, matchExpressions = [] }: LabelSelector): Selector {
  const fromLabels = Object.entries(matchLabels).map(([key, value]): Requirement => ({ key, operator: 'In', values: [value] }));
  return [...fromLabels, ...matchExpressions];
}

export type ParsedSelector = { ok: true; selector: Selector } | { ok: false; problem: string };

const TERM = /^\s*(!)?\s*([^\s!=(),]+)\s*(?:(==|=|!=)\s*([^\s!=(),]*)|\s+(in|notin)\s*\(([^)]*)\))?\s*$/;

/** Parses a kubectl label selector such as `app=web,tier!=db,env in (a,b),!legacy`. */
export function parseSelector(text: string): ParsedSelector {
  const requirements: Requirement[] = [];
  for (const term of splitTerms(text)) {
    const match = TERM.exec(term);
    if (!match) return { ok: false, problem: `cannot parse selector term "${term.trim()}"` };
    const [, not, key, eq, value, setOp, setValues] = match;
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) return { ok: false, problem: `selector key "${key}": ${keyProblem}` };
    const values = setOp ? setValues.split(',').map((v) => v.trim()) : value !== undefined ? [value] : [];
    const valueProblem = values.map(labelValueProblem).find(Boolean);
    if (valueProblem) return { ok: false, problem: `selector for "${key}": ${valueProblem}` };
    if (not && (eq || setOp)) return { ok: false, problem: `"!" takes a bare key, not "${term.trim()}"` };
    if (not) requirements.push({ key, operator: 'DoesNotExist' });
    else if (setOp) requirements.push({ key, operator: setOp === 'in' ? 'In' : 'NotIn', values });
    else if (eq) requirements.push({ key, operator: eq === '!=' ? 'NotIn' : 'In', values });
    else requirements.push({ key, operator: 'Exists' });
  }
  return { ok: true, selector: requirements };
}

function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') terms.push(current);
  return terms;
}

export function matchesSelector(selector: Selector, labels: Labels): boolean {
  return selector.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'In':
        return has && r.values.includes(labels[r.key]);
      case 'NotIn':
        return !has || !r.values.includes(labels[r.key]);
    }
  });
}
