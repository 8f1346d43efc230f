import test from 'ava';
import { validateCommand } from '../../application/validation/validate-command.js';
import type { Command } from '../../domain/shared/event.js';
import { podMeta, podSpec } from '../support/world.js';

const command = (spec: object): Command => ({ type: 'CreatePod', data: { meta: podMeta('p'), spec }, metadata: { commandId: 'c', actor: 'a', at: 'now' } });
const refusal = (c: Command) => {
  try {
    validateCommand(c);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

test('remembered validation rules give the same verdicts, call after call, for nested DTOs', (t) => {
  const bad = command({ ...podSpec(), containers: [{ name: 7, image: 'x', env: [], ports: [{ containerPort: 'eighty' }], resources: { requests: { cpuMillis: -1, memoryBytes: 0 } }, volumeMounts: [] }] });
  const first = refusal(bad);
  t.regex(first ?? '', /containers\[0\]\.name/);
  t.regex(first ?? '', /containers\[0\]\.ports\[0\]\.containerPort/);
  for (let i = 0; i < 50; i++) t.is(refusal(command(podSpec())), undefined);
  t.is(refusal(bad), first);
});
