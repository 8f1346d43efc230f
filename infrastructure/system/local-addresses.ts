import { once } from 'node:events';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Every address the interfaces of this machine have (loopback included), IPv4 first. */
export function machineAddresses(): string[] {
  const all = Object.values(networkInterfaces()).flatMap((addresses) => addresses ?? []);
  return [...all.filter((a) => a.family === 'IPv4'), ...all.filter((a) => a.family !== 'IPv4')].map((a) => a.address);
}

/**
 * The address a node says is its own when not told (`--node-ip` left out): the first IPv4 address of a
 * non-loopback interface, as a kubelet picks the address of the host's default interface; 127.0.0.1 when there is none.
 */
export function defaultNodeIp(): string {
  for (const addresses of Object.values(networkInterfaces()))
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '127.0.0.1';
}

/** Whether something can listen on `ip` here: the kernel's own answer (every address of 127.0.0.0/8 is on lo). */
async function canListenOn(ip: string): Promise<boolean> {
  const server = createServer();
  server.listen(0, ip);
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL') return false;
    throw error;
  } finally {
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  }
}

/** What is wrong with `ip` as an address this machine listens on for `flag`, or undefined when it is one of its own. */
export async function notOwnAddress(flag: string, ip: string): Promise<string | undefined> {
  if (await canListenOn(ip)) return undefined;
  return `${flag} ${ip} is not an address of this machine (its addresses: ${machineAddresses().join(', ')}): give one of them, or leave ${flag} out`;
}
