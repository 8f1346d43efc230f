import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NatsCredentialIssuer } from '../../application/ports/nats-credentials.js';
import { NatsAuthority } from '../../infrastructure/nats/nats-authority.js';
import type { NatsRole } from '../../infrastructure/nats/nats-permissions.js';
import { OWNER_ONLY_FILE } from '../../infrastructure/system/owner-only.js';

/** DATA_DIR/nats: the cluster's NATS keys, the nats-server configuration that trusts them, each part's credentials. */
export const natsDir = (dataDir: string) => join(dataDir, 'nats');
export const natsServerConfig = (dataDir: string) => join(natsDir(dataDir), 'nats-server.conf');
export const natsCreds = (dataDir: string, part: 'apiserver' | 'scheduler' | 'controller-manager' | 'integrator') => join(natsDir(dataDir), `${part}.creds`);

const PARTS = ['apiserver', 'scheduler', 'controller-manager', 'integrator'] as const;

/**
 * The cluster's NATS users, made the first time: the keys, `nats-server.conf` (include it in nats-server's
 * configuration to let in only these users) and a `.creds` file for the API server, each component and integrators.
 * Files already there are kept, so credentials handed out stay good.
 */
export async function ensureNatsUsers(dataDir: string): Promise<NatsAuthority> {
  const authority = NatsAuthority.open(natsDir(dataDir));
  if (!existsSync(natsServerConfig(dataDir))) writeFileSync(natsServerConfig(dataDir), await authority.config(), { mode: OWNER_ONLY_FILE });
  for (const part of PARTS) {
    const file = natsCreds(dataDir, part);
    if (!existsSync(file)) writeFileSync(file, await authority.credentials({ role: part } as NatsRole), { mode: OWNER_ONLY_FILE });
  }
  return authority;
}

/** Each joining node's NATS credentials, signed by the cluster's authority. */
export const nodeCredentialsFrom = (authority: NatsAuthority): NatsCredentialIssuer => ({ forNode: (node) => authority.credentials({ role: 'node', node }) });

/** A part's credentials, when the cluster has NATS users. */
export const readCreds = (file: string | undefined) => (file && existsSync(file) ? readFileSync(file, 'utf8') : undefined);

/** `kesadm nats-config`: the nats-server configuration that lets in this cluster's NATS users (made if need be). */
export async function natsConfig(o: Readonly<{ dataDir: string }>): Promise<void> {
  await ensureNatsUsers(o.dataDir);
  process.stdout.write(readFileSync(natsServerConfig(o.dataDir), 'utf8'));
}
