import jp from 'jsonpath';

/**
 * kubectl's JSONPath templates (`-o jsonpath=…`, `custom-columns`, `--sort-by`): text with `{expression}`,
 * `{range expression}…{end}` and `{"literal"}` parts. Each expression is read as kubectl reads it (`.a.b`,
 * `..name`, `[*]`, `[0]`, `[-1]`, `[1:3]`, `['key']`, `[?(@.type=="Ready")]`, `\.` inside a key) and evaluated
 * with the `jsonpath` library, relative to the object in hand (`$` is the whole input).
 */
type Part =
  | Readonly<{ text: string }>
  | Readonly<{ path: string }>
  | Readonly<{ range: string; body: readonly Part[] }>;

export class TemplateError extends Error {}

/** The template parsed; throws a TemplateError naming what is wrong. */
export function parseTemplate(template: string): readonly Part[] {
  const tokens = tokenize(template);
  const [parts, rest] = partsUntilEnd(tokens, 0);
  if (rest !== tokens.length) throw new TemplateError(`unexpected {end} in template ${JSON.stringify(template)}`);
  return parts;
}

/** The template applied to `data`: what kubectl prints for `-o jsonpath=TEMPLATE`. */
export function printTemplate(template: string, data: unknown): string {
  return render(parseTemplate(template), data, data);
}

/** Every value an expression (`.metadata.name` or `{.metadata.name}`) finds in `data`. */
export function findValues(expression: string, data: unknown): unknown[] {
  const inner = /^\{(.*)\}$/s.exec(expression.trim())?.[1] ?? expression.trim();
  return query(inner, data, data);
}

/** A value as kubectl's JSONPath prints it: strings as they are, anything else as JSON. */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

type Token = Readonly<{ text: string }> | Readonly<{ action: string }>;

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{', at);
    if (open === -1) {
      tokens.push({ text: template.slice(at) });
      break;
    }
    if (open > at) tokens.push({ text: template.slice(at, open) });
    const close = closingBrace(template, open);
    tokens.push({ action: template.slice(open + 1, close).trim() });
    at = close + 1;
  }
  return tokens;
}

/** Where the `{` at `open` closes, skipping quoted strings (a filter may hold `}`). */
function closingBrace(template: string, open: number): number {
  let quote: string | undefined;
  for (let i = open + 1; i < template.length; i++) {
    const c = template[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return i;
  }
  throw new TemplateError(`unclosed action in template ${JSON.stringify(template)}: a { has no }`);
}

/** The parts from `from` up to an {end} (its index), or to the last token (the tokens' length). */
function partsUntilEnd(tokens: readonly Token[], from: number): [Part[], number] {
  const parts: Part[] = [];
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i];
    if ('text' in token) parts.push({ text: token.text });
    else if (token.action === 'end') return [parts, i];
    else if (/^range\s/.test(token.action)) {
      const [body, end] = partsUntilEnd(tokens, i + 1);
      if (end >= tokens.length) throw new TemplateError(`{${token.action}} has no {end}`);
      parts.push({ range: token.action.replace(/^range\s+/, ''), body });
      i = end;
    } else if (/^".*"$/s.test(token.action)) parts.push({ text: JSON.parse(token.action) as string });
    else parts.push({ path: token.action });
  }
  return [parts, tokens.length];
}

function render(parts: readonly Part[], current: unknown, root: unknown): string {
  return parts
    .map((part) => {
      if ('text' in part) return part.text;
      if ('path' in part) return query(part.path, current, root).map(textOf).join(' ');
      return query(part.range, current, root).map((item) => render(part.body, item, root)).join('');
    })
    .join('');
}

function query(expression: string, current: unknown, root: unknown): unknown[] {
  const fromRoot = expression.startsWith('$');
  const path = `$${steps(fromRoot ? expression.slice(1) : expression.replace(/^@/, ''))}`;
  const data = fromRoot ? root : current;
  if (data === null || typeof data !== 'object') return path === '$' ? [data] : [];
  try {
    return jp.query(data, path);
  } catch (error) {
    throw new TemplateError(`cannot read JSONPath ${JSON.stringify(expression)}: ${(error as Error).message}`);
  }
}

/** kubectl's path steps in the library's bracketed form: `.a\.b.c[0]` → `['a.b']['c'][0]`. */
function steps(expression: string): string {
  let out = '';
  let at = 0;
  const member = (from: number): [string, number] => {
    let name = '';
    let i = from;
    for (; i < expression.length && expression[i] !== '.' && expression[i] !== '['; i++) {
      if (expression[i] === '\\' && i + 1 < expression.length) i++;
      name += expression[i];
    }
    return [name, i];
  };
  while (at < expression.length) {
    const c = expression[at];
    if (c === '.') {
      const descendant = expression[at + 1] === '.';
      const [name, next] = member(at + (descendant ? 2 : 1));
      out += (descendant ? '..' : '') + (name === '*' ? '[*]' : name === '' ? '' : `[${JSON.stringify(name)}]`);
      at = next;
    } else if (c === '[') {
      const close = closingBracket(expression, at);
      out += subscript(expression.slice(at + 1, close));
      at = close + 1;
    } else {
      const [name, next] = member(at);
      out += `[${JSON.stringify(name)}]`;
      at = next;
    }
  }
  return out;
}

function closingBracket(expression: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < expression.length; i++) {
    const c = expression[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new TemplateError(`unclosed [ in JSONPath ${JSON.stringify(expression)}`);
}

/** A subscript as the library reads it; a negative index (kubectl's "from the end") becomes a one-element slice. */
function subscript(inside: string): string {
  const index = /^\s*(-\d+)\s*$/.exec(inside);
  if (!index) return `[${inside}]`;
  const n = Number(index[1]);
  return n === -1 ? '[-1:]' : `[${n}:${n + 1}]`;
}
