import { connect, credsAuthenticator, type NatsConnection } from 'nats';
import { RECONNECTING } from './nats-event-bus.js';

/**
 * A connection as every kes part opens one: reconnecting for ever, quickly, and with the part's credentials (a
 * `.creds` file's text) when the cluster's NATS users are in force.
 */
export function connectNats(servers: string, name: string, creds?: string): Promise<NatsConnection> {
  const authenticator = creds ? { authenticator: credsAuthenticator(new TextEncoder().encode(creds)) } : {};
  return connect({ servers, name, ...RECONNECTING, ...authenticator });
}
