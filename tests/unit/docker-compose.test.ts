import test from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildKes, type KesActions } from '../../adapters/cli/kes/program.js';
import { buildKesadm, type KesadmActions } from '../../adapters/cli/kesadm/program.js';
import { ROOT } from '../support/processes.js';

const compose = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' });
const available = compose.status === 0;

type Service = { image?: string; command?: string[] | string; depends_on?: unknown };

/** The commands a kes service runs, as words: `sh -c "…"` unwrapped. */
const commandOf = (service: Service) => {
  const command = Array.isArray(service.command) ? service.command : [service.command ?? ''];
  return (command[0] === 'sh' ? command.slice(2).join(' ') : command.join(' ')).split(/\s+/);
};

(available ? test : test.skip)(`docker-compose.yml describes the distributed mode and docker-compose ${available ? compose.stdout.trim() : '(not installed here: apt-get install docker-compose)'} accepts it`, (t) => {
  const checked = spawnSync('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), 'config'], { encoding: 'utf8', cwd: ROOT });
  t.is(checked.status, 0, checked.stderr);
  const services = (parse(checked.stdout) as { services: Record<string, Service> }).services;
  t.deepEqual(Object.keys(services).sort(), ['apiserver', 'controller-manager', 'eventstore', 'nats', 'nats-config', 'scheduler', 'simulated-nodes', 'worker-1', 'worker-2']);
  const words = (name: string) => commandOf(services[name]);
  t.true(words('apiserver').includes('--nats') && words('apiserver').includes('--external-components') && words('apiserver').some((w) => w.includes('esdb://')));
  t.deepEqual(words('scheduler').slice(0, 2), ['kes', 'scheduler']);
  t.deepEqual(words('controller-manager').slice(0, 2), ['kes', 'controller-manager']);
  for (const worker of ['worker-1', 'worker-2']) t.true(words(worker).join(' ').startsWith('kesadm join') && words(worker).includes('--nats'), worker);
  t.true(words('simulated-nodes').join(' ').startsWith('kes simulate') && words('simulated-nodes').includes('--nats'));

  // Each command line parses with kes' own command-line programs: a flag they lack would be refused here.
  const invocations = Object.entries(services).filter(([, service]) => service.image === 'kes:local')
    .flatMap(([, service]) => commandOf(service).join(' ').split('||').map((line) => line.trim().split(/\s+/)))
    .map((words) => (words.includes('>') ? words.slice(0, words.indexOf('>')) : words)); // the shell's redirection is not the program's
  for (const [program, ...argv] of invocations) {
    const args = argv.map((word) => word.replace(/^["']|["']$/g, '').replace(/\$+KES_TOKEN/, 'abcdef.0123456789abcdef'));
    const parsed = program === 'kesadm' ? parseKesadm(args) : program === 'kes' ? parseKes(args) : [];
    t.is(parsed.length, 1, `${program} ${args.join(' ')} is one command kes knows`);
  }
});

const recording = (calls: string[]) => new Proxy({}, { get: (_, name) => async () => void calls.push(String(name)) });

function parseKesadm(args: string[]): string[] {
  const calls: string[] = [];
  buildKesadm(recording(calls) as KesadmActions, 'node').exitOverride().parse(args, { from: 'user' });
  return calls;
}

function parseKes(args: string[]): string[] {
  const calls: string[] = [];
  buildKes(recording(calls) as KesActions).exitOverride().parse(args, { from: 'user' });
  return calls;
}
