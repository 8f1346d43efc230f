import { join } from 'node:path';
import { ADMIN } from '../../application/commands/authorize.js';
import { newBootstrapToken } from '../../application/commands/bootstrap-token.js';
import { Clock } from '../../application/ports/clock.js';
import { Credentials, IdGenerator } from '../../application/ports/ids.js';
import type { TokenOptions } from '../../adapters/cli/kesadm/program.js';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { caCertHash } from '../../infrastructure/crypto/cluster-pki.js';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';
import type { ControlPlane } from '../control-plane/control-plane.js';

/** A bootstrap token made inside the master process (at init). */
export async function createBootstrapToken(plane: ControlPlane, ttlMs: number, description: string, given?: string): Promise<string> {
  const credentials = plane.container.get<Credentials>(Credentials);
  const ids = plane.container.get<IdGenerator>(IdGenerator);
  const clock = plane.container.get<Clock>(Clock);
  const { token, data } = newBootstrapToken(credentials, clock, ttlMs, description, given);
  await plane.handle({ type: 'CreateBootstrapToken', data, metadata: { commandId: ids.newId(), actor: ADMIN, at: clock.now() } });
  return token;
}

function adminClient(o: TokenOptions): { api: ApiClient; caData?: string } {
  const config = readKubeconfig(o.kubeconfig ?? join(o.dataDir, 'admin.kubeconfig'));
  return { api: new ApiClient(config.server, config.token ?? '', { ca: config.caData, insecureSkipTlsVerify: config.insecureSkipTlsVerify }), caData: config.caData };
}

export async function tokenCreate(o: TokenOptions): Promise<void> {
  const { api, caData } = adminClient(o);
  const created = await api.request<{ token: string }>('POST', '/kes/v1/tokens', { ttlSeconds: Math.round(o.ttl / 1000), description: o.description });
  const hostPort = api.server.replace(/^https?:\/\//, '');
  // The CA the kubeconfig trusts; else the one the server hands out (over the connection just used).
  const ca = caData ?? (await api.request<{ caCert?: string }>('GET', '/kes/v1/cluster-ca').then((r) => r.caCert, () => undefined));
  const hash = ca ? ` --discovery-token-ca-cert-hash ${caCertHash(ca)}` : '';
  process.stdout.write(`${created.token}\nkesadm join ${hostPort} --token ${created.token}${hash}\n`);
}

export async function tokenList(o: TokenOptions): Promise<void> {
  const { items } = await adminClient(o).api.request<{ items: { tokenId: string; expiresAt: string; usages: string[]; description: string }[] }>('GET', '/kes/v1/tokens');
  const rows = [['TOKEN', 'EXPIRES', 'USAGES', 'DESCRIPTION'], ...items.map((t) => [`${t.tokenId}.<secret>`, t.expiresAt, t.usages.join(','), t.description])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  process.stdout.write(rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('   ').trimEnd()).join('\n') + '\n');
}

export async function tokenDelete(o: TokenOptions & { token: string }): Promise<void> {
  const tokenId = o.token.split('.')[0];
  await adminClient(o).api.request('DELETE', `/kes/v1/tokens/${tokenId}`);
  process.stdout.write(`bootstrap token "${tokenId}" deleted\n`);
}
