import { Agent, request } from 'node:http';
import type { FastifyInstance } from 'fastify';

export type RawResponse = Readonly<{ status: number; body: string; json: () => any }>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The API server listening on a free loopback port, and requests sent over real sockets with the path exactly
 * as given (no client-side cleaning of `//`, `.` or percent-encoding), as an attacker would send them.
 */
export async function overLoopback(app: FastifyInstance, sockets = 16) {
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const port = Number(new URL(address).port);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const send = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const length = payload === undefined ? {} : { 'content-length': String(Buffer.byteLength(payload)) };
      const contentType = payload !== undefined && !headers['content-type'] ? { 'content-type': 'application/json' } : {};
      const req = request({ host: '127.0.0.1', port, method, path, agent, headers: { ...contentType, ...length, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  return { send, close: () => agent.destroy() };
}
