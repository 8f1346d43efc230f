import { createAccount, createOperator, createUser, encodeAccount, encodeOperator, encodeUser, fmtCreds, fromSeed, type KeyPair } from '@nats-io/jwt';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureOwnerOnlyDirectory, OWNER_ONLY_FILE } from '../system/owner-only.js';
import { permissionsOf, type NatsRole } from './nats-permissions.js';

/** Everything an account may do: kes has one account, and narrows each user by subject instead. */
const UNLIMITED_ACCOUNT = {
  subs: -1, conn: -1, leaf: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true,
  mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1,
};

type Keys = Readonly<{ operator: KeyPair; account: KeyPair; system: KeyPair }>;
const FILES = { operator: 'operator.nk', account: 'account.nk', system: 'system.nk' } as const;

const userName = (who: NatsRole) => (who.role === 'node' ? `kes-node-${who.node}` : `kes-${who.role}`);

/**
 * A cluster's NATS users, in NATS' decentralized auth: an operator, one account (and the system account) whose
 * seeds are kept in DATA_DIR/nats (0700, seeds 0600). nats-server is given the operator and the account (`config`),
 * never a list of users: any user whose credentials the account signed is let in, with the subject permissions
 * written into them — so a node that joins gets credentials of its own without nats-server being reconfigured.
 */
export class NatsAuthority {
  private constructor(private readonly keys: Keys) {}

  /** The authority kept in `dir`, made there the first time. */
  static open(dir: string): NatsAuthority {
    ensureOwnerOnlyDirectory(dir);
    const key = (file: string, create: () => KeyPair) => {
      const path = join(dir, file);
      if (existsSync(path)) return fromSeed(new TextEncoder().encode(readFileSync(path, 'utf8').trim()));
      const made = create();
      writeFileSync(path, new TextDecoder().decode(made.getSeed()), { mode: OWNER_ONLY_FILE });
      return made;
    };
    return new NatsAuthority({ operator: key(FILES.operator, createOperator), account: key(FILES.account, createAccount), system: key(FILES.system, createAccount) });
  }

  /** The nats-server configuration that trusts this authority (include it in nats-server's config, JetStream on). */
  async config(): Promise<string> {
    const { operator, account, system } = this.keys;
    const signer = { signer: operator };
    const operatorJwt = await encodeOperator('kes', operator, { system_account: system.getPublicKey() });
    const accountJwt = await encodeAccount('KES', account, { limits: UNLIMITED_ACCOUNT }, signer);
    const systemJwt = await encodeAccount('SYS', system, {}, signer);
    return [
      '# kes: NATS users signed by this cluster (kesadm nats-config)',
      `operator: ${operatorJwt}`,
      `system_account: ${system.getPublicKey()}`,
      'resolver: MEMORY',
      'resolver_preload: {',
      `  ${account.getPublicKey()}: ${accountJwt}`,
      `  ${system.getPublicKey()}: ${systemJwt}`,
      '}',
      '',
    ].join('\n');
  }

  /** A `.creds` file (user JWT and seed) for one part of the cluster, with that part's permissions. */
  async credentials(who: NatsRole): Promise<string> {
    const user = createUser();
    const { pub, sub, responds } = permissionsOf(who);
    const jwt = await encodeUser(userName(who), user, this.keys.account, {
      subs: -1, data: -1, payload: -1,
      pub: { allow: [...pub] },
      sub: { allow: [...sub] },
      ...(responds ? { resp: { max: 1, ttl: 0 } } : {}),
    });
    return new TextDecoder().decode(fmtCreds(jwt, user));
  }
}
