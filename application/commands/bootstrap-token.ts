import type { CreateBootstrapToken } from '../../domain/cluster/cluster.decide.js';
import type { Clock } from '../ports/clock.js';
import type { Credentials } from '../ports/ids.js';

export type NewBootstrapToken = Readonly<{ token: string; data: CreateBootstrapToken['data'] }>;

/**
 * A kubeadm-format token `[a-z0-9]{6}.[a-z0-9]{16}` (random, or the one given, as `kubeadm init --token`); only
 * the secret half's hash goes into the log.
 */
export function newBootstrapToken(credentials: Credentials, clock: Clock, ttlMs: number, description: string, given?: string): NewBootstrapToken {
  const [tokenId, secret] = given ? given.split('.') : [credentials.randomToken(6), credentials.randomToken(16)];
  return {
    token: `${tokenId}.${secret}`,
    data: {
      tokenId,
      secretHash: credentials.hash(secret),
      expiresAt: new Date(clock.nowMs() + ttlMs).toISOString(),
      description,
      usages: ['authentication', 'signing'],
    },
  };
}
