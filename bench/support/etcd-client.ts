import { Agent, request } from 'node:http';

/** A connection that sends puts to etcd; `put` resolves when etcd has committed the write (fsynced raft log). */
export type EtcdDriver = Readonly<{ put(key: string, value: string): Promise<void>; close(): void }>;

export const HTTP_GATEWAY = 'HTTP/JSON gateway: POST /v3/kv/put with base64 fields, node http keep-alive Agent with maxSockets = clients';
export const NATIVE_GRPC = 'native gRPC: etcdserverpb.KV/Put over one HTTP/2 connection (@grpc/grpc-js), as etcd clientv3 does';

/** etcd 3.4's HTTP/JSON gRPC gateway (`POST /v3/kv/put`, base64 fields) over keep-alive connections. */
export function httpGatewayDriver(port: number, concurrency: number): EtcdDriver {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const put = (key: string, value: string) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({ key: base64(key), value: base64(value) });
      const req = request(
        { host: '127.0.0.1', port, path: '/v3/kv/put', method: 'POST', agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`etcd put ${res.statusCode}: ${text}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { put, close: () => agent.destroy() };
}

type PutRequest = Readonly<{ key: string; value: string }>;
type GrpcClient = {
  makeUnaryRequest(
    method: string,
    serialize: (request: PutRequest) => Buffer,
    deserialize: (bytes: Buffer) => Buffer,
    argument: PutRequest,
    callback: (error: Error | null) => void,
  ): unknown;
  close(): void;
};
type GrpcModule = {
  Client: new (address: string, credentials: unknown) => GrpcClient;
  credentials: { createInsecure(): unknown };
};

/**
 * etcd's native gRPC KV/Put, through the @grpc/grpc-js that @eventstore/db-client brings along;
 * undefined when that package cannot be loaded. PutRequest is encoded by hand: field 1 = key,
 * field 2 = value, both length-delimited bytes; the response is not decoded.
 */
export async function loadGrpcDriver(): Promise<((port: number) => EtcdDriver) | undefined> {
  const grpc = await loadGrpc();
  if (!grpc) return undefined;
  return (port) => {
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const put = (key: string, value: string) =>
      new Promise<void>((resolve, reject) => {
        client.makeUnaryRequest('/etcdserverpb.KV/Put', encodePutRequest, (bytes) => bytes, { key, value }, (error) =>
          error ? reject(error) : resolve(),
        );
      });
    return { put, close: () => client.close() };
  };
}

async function loadGrpc(): Promise<GrpcModule | undefined> {
  const specifier = '@grpc/grpc-js';
  try {
    const loaded = (await import(specifier)) as Partial<GrpcModule> & { default?: GrpcModule };
    return loaded.Client && loaded.credentials ? (loaded as GrpcModule) : loaded.default;
  } catch {
    return undefined;
  }
}

function encodePutRequest({ key, value }: PutRequest): Buffer {
  return Buffer.concat([lengthDelimited(1, Buffer.from(key)), lengthDelimited(2, Buffer.from(value))]);
}

function lengthDelimited(field: number, bytes: Buffer): Buffer {
  const header = [(field << 3) | 2];
  for (let n = bytes.length; ; n >>>= 7) {
    if (n < 0x80) { header.push(n); break; }
    header.push((n & 0x7f) | 0x80);
  }
  return Buffer.concat([Buffer.from(header), bytes]);
}

const base64 = (text: string) => Buffer.from(text).toString('base64');
