import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';

/** What a client needs from a kubeconfig's current context. */
export type KubeconfigCredentials = {
  server: string;
  token?: string;
  contextName: string;
  clusterName: string;
  userName: string;
  namespace?: string;
  /** The CA (PEM) to trust for an https server: `certificate-authority-data` or the `certificate-authority` file. */
  caData?: string;
  /** `insecure-skip-tls-verify: true`: do not check the server's certificate at all. */
  insecureSkipTlsVerify?: boolean;
};

export type KubeconfigToWrite = {
  server: string;
  token: string;
  clusterName: string;
  userName: string;
  contextName?: string;
  /** The cluster CA (PEM), written as `certificate-authority-data`. */
  caData?: string;
};

type Named<T> = { name?: string } & T;
type KubeconfigFile = {
  clusters?: Named<{
    cluster?: { server?: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string; 'insecure-skip-tls-verify'?: boolean };
  }>[];
  users?: Named<{ user?: { token?: string; tokenFile?: string } }>[];
  contexts?: Named<{ context?: { cluster?: string; user?: string; namespace?: string } }>[];
  'current-context'?: string;
};

export class KubeconfigError extends Error {
  override name = 'KubeconfigError';
}

/** $KUBECONFIG (its first entry), else ~/.kes/admin.kubeconfig when it exists, else ~/.kube/config. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.KUBECONFIG?.split(':').find((p) => p !== '');
  if (fromEnv) return fromEnv;
  const home = env.HOME || homedir();
  const kes = join(home, '.kes', 'admin.kubeconfig');
  return existsSync(kes) ? kes : join(home, '.kube', 'config');
}

/** Reads the server and bearer token of the current context (current-context → context → cluster + user). */
export function readKubeconfig(path: string): KubeconfigCredentials {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`cannot read kubeconfig ${path}: ${(err as Error).message}`);
  }
  let config: KubeconfigFile;
  try {
    config = (parse(text) ?? {}) as KubeconfigFile;
  } catch (err) {
    throw new KubeconfigError(`kubeconfig ${path} is not valid YAML: ${(err as Error).message}`);
  }
  const contextName = config['current-context'];
  if (!contextName) throw new KubeconfigError(`kubeconfig ${path} has no current-context`);
  const context = config.contexts?.find((c) => c.name === contextName)?.context;
  if (!context) throw new KubeconfigError(`kubeconfig ${path}: context "${contextName}" does not exist`);
  const clusterName = context.cluster ?? '';
  const cluster = config.clusters?.find((c) => c.name === clusterName)?.cluster;
  const server = cluster?.server;
  if (!server) throw new KubeconfigError(`kubeconfig ${path}: cluster "${clusterName}" of context "${contextName}" has no server`);
  const userName = context.user ?? '';
  const user = config.users?.find((u) => u.name === userName)?.user;
  const token = user?.token ?? (user?.tokenFile ? readTokenFile(user.tokenFile, dirname(path)) : undefined);
  const caData = clusterCa(cluster, clusterName, path);
  const insecure = cluster['insecure-skip-tls-verify'] === true || String(cluster['insecure-skip-tls-verify']) === 'true';
  return {
    server, token, contextName, clusterName, userName, namespace: context.namespace,
    ...(caData !== undefined ? { caData } : {}),
    ...(insecure ? { insecureSkipTlsVerify: true } : {}),
  };
}

/** Writes a one-context kubeconfig that kesctl and a stock kubectl accept; mode 0600, directory created 0700. */
export function writeKubeconfig(path: string, config: KubeconfigToWrite): void {
  const contextName = config.contextName ?? `${config.userName}@${config.clusterName}`;
  const document = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: config.clusterName,
        cluster: {
          ...(config.caData ? { 'certificate-authority-data': Buffer.from(config.caData, 'utf8').toString('base64') } : {}),
          server: config.server,
        },
      },
    ],
    users: [{ name: config.userName, user: { token: config.token } }],
    contexts: [{ name: contextName, context: { cluster: config.clusterName, user: config.userName } }],
    'current-context': contextName,
    preferences: {},
  };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Write then rename, so a reader never sees half a file and the token is never world-readable.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, stringify(document, { indentSeq: false }), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** Like kubectl, `certificate-authority-data` (base64 PEM) wins over a `certificate-authority` file (relative to the kubeconfig). */
function clusterCa(cluster: NonNullable<KubeconfigFile['clusters']>[number]['cluster'], clusterName: string, kubeconfig: string): string | undefined {
  const data = cluster?.['certificate-authority-data'];
  if (data) {
    const pem = Buffer.from(String(data), 'base64').toString('utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----'))
      throw new KubeconfigError(`kubeconfig ${kubeconfig}: certificate-authority-data of cluster "${clusterName}" is not a base64-encoded PEM certificate`);
    return pem;
  }
  const file = cluster?.['certificate-authority'];
  if (!file) return undefined;
  const path = file.startsWith('/') ? file : join(dirname(kubeconfig), file);
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`cannot read certificate-authority ${path}: ${(err as Error).message}`);
  }
}

function readTokenFile(file: string, base: string): string {
  const path = file.startsWith('/') ? file : join(base, file);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new KubeconfigError(`cannot read tokenFile ${path}: ${(err as Error).message}`);
  }
}
