/** One event of `GET /kes/v1/trace…`, with the events of the commands it caused. */
export type TraceStepItem = {
  id: string;
  type: string;
  object: string;
  position: number;
  at: string;
  actor: string;
  commandId: string;
  summary: string;
  afterMs?: number;
  steps: TraceStepItem[];
};

export type TraceAnswer = { kind: 'Trace'; chains: { correlationId: string; steps: TraceStepItem[] }[]; truncated?: boolean };

/** `+12ms`, `+1.5s`, `+2m3s`: how long after its cause a step came. */
export function formatAfter(ms: number): string {
  if (ms < 1000) return `+${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `+${(ms / 1000).toFixed(1).replace(/\.0$/, '')}s`;
  const seconds = Math.round(ms / 1000);
  return `+${Math.floor(seconds / 60)}m${seconds % 60}s`;
}

function lineOf(step: TraceStepItem): string {
  const after = step.afterMs === undefined ? step.at : formatAfter(step.afterMs);
  const summary = step.summary ? `  ${step.summary.replace(/\s*\r?\n\s*/g, ' ')}` : '';
  return `${step.type}  ${step.object}  by ${step.actor || '<none>'}  ${after}${summary}`;
}

function treeLines(steps: readonly TraceStepItem[], prefix: string, out: string[]): void {
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    out.push(`${prefix}${last ? '└─ ' : '├─ '}${lineOf(step)}`);
    treeLines(step.steps, `${prefix}${last ? '   ' : '│  '}`, out);
  });
}

/**
 * Each chain as an indented tree, one line per event: its type, object, actor and how long after its cause it came
 * (the time itself at a root); the events a step's commands appended hang under it.
 */
export function printTrace(answer: TraceAnswer): string {
  const out: string[] = [];
  for (const chain of answer.chains) {
    if (out.length > 0) out.push('');
    out.push(`correlation ${chain.correlationId}`);
    treeLines(chain.steps, '', out);
  }
  if (answer.truncated) out.push('', '(trace cut short: more events follow than one trace shows)');
  return `${out.join('\n')}\n`;
}
