import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { HostPortMapping } from '../../../application/ports/container-runtime.js';
import type { Container } from '../../../domain/pod/pod-spec.js';

type Held = Readonly<{ port: number; release: () => Promise<void> }>;

function holdTcp(): Promise<Held> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || !address) return reject(new Error('no TCP port was given'));
      resolve({ port: address.port, release: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

function holdUdp(): Promise<Held> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.on('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve({ port: socket.address().port, release: () => new Promise((done) => socket.close(() => done())) }));
  });
}

/**
 * A free host port for each declared container port (its own `hostPort` when it names one). All are held
 * open until every one is found, so a pod never gets the same port twice.
 */
export async function allocateHostPorts(containers: readonly Container[]): Promise<HostPortMapping[]> {
  const held: Held[] = [];
  try {
    const mappings: HostPortMapping[] = [];
    for (const container of containers) {
      for (const { name, containerPort, hostPort, protocol } of container.ports) {
        let port = hostPort;
        if (port === undefined) {
          const hold = await (protocol === 'UDP' ? holdUdp() : holdTcp());
          held.push(hold);
          port = hold.port;
        }
        mappings.push({ container: container.name, ...(name ? { name } : {}), containerPort, hostPort: port, protocol });
      }
    }
    return mappings;
  } finally {
    await Promise.all(held.map((h) => h.release()));
  }
}
