import type { Command } from 'commander';
import type { AuditEntry, AuditPage } from '../../../application/queries/audit-log.js';
import { printAudit } from '../printers/audit-printer.js';
import { CliError } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';

type AuditOptions = { actor?: string; kind?: string; name?: string; since?: string; refused: boolean; output?: string };

export function addAuditCommand(program: Command, io: KesctlIo): void {
  program
    .command('audit')
    .description('Who asked for what: requests the API server refused (401, 403, bad input) and commands it carried out')
    .option('--actor <user>', 'only this user: kubernetes-admin, system:node:NAME, system:anonymous, …')
    .option('--kind <kind>', 'only requests about this kind: node, pods, deploy, … (or any resource: tokens, commands)')
    .option('--name <name>', 'only requests about the object of this name')
    .option('--since <time|position>', 'from this RFC 3339 time (2025-01-31T10:00:00Z) or log position on')
    .option('--refused', 'only refused requests', false)
    .option('-o, --output <format>', 'json prints the entries as JSON')
    .action(action(io, audit));
}

function queryOf(options: AuditOptions, since: string | undefined): string {
  const params = new URLSearchParams();
  for (const key of ['actor', 'kind', 'name'] as const) if (options[key]) params.set(key, options[key]!);
  if (since) params.set('since', since);
  if (options.refused) params.set('refused', 'true');
  return params.toString();
}

async function audit(context: KesctlContext, options: AuditOptions): Promise<void> {
  if (options.output !== undefined && options.output !== 'json')
    throw new CliError(`unknown output format "${options.output}" for audit: use json, or leave -o out for a table`);
  const items: AuditEntry[] = [];
  for (let since = options.since; ; ) {
    const page = await context.client().get<AuditPage>(`/kes/v1/audit?${queryOf(options, since)}`);
    items.push(...page.items);
    if (page.next === undefined) break;
    since = String(page.next);
  }
  if (options.output === 'json') context.out(`${JSON.stringify(items, null, 4)}\n`);
  else if (items.length === 0) context.err('No audit entries found\n');
  else context.out(printAudit(items));
}
