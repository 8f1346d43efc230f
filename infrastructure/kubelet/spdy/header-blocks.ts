import { constants, inflateSync } from 'node:zlib';
import { SPDY3_HEADER_DICTIONARY } from './header-dictionary.js';

export type SpdyHeaders = ReadonlyMap<string, string>;

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * The header blocks a peer sends: one zlib stream (with the SPDY dictionary) across the whole session, each block
 * ending on a sync flush. Each block is read by inflating the session's blocks so far and keeping what is new:
 * blocks are few and small (two per forwarded connection), so the repeated work stays small.
 */
export class HeaderBlockReader {
  private readonly received: Buffer[] = [];
  private inflated = 0;

  read(block: Uint8Array): SpdyHeaders {
    this.received.push(Buffer.from(block));
    const all = inflateSync(Buffer.concat(this.received), { dictionary: SPDY3_HEADER_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });
    const fresh = all.subarray(this.inflated);
    this.inflated = all.length;
    return parseHeaders(fresh);
  }
}

function parseHeaders(bytes: Buffer): SpdyHeaders {
  const headers = new Map<string, string>();
  let at = 4;
  const text = () => {
    const length = bytes.readUInt32BE(at);
    const value = bytes.toString('utf8', at + 4, at + 4 + length);
    at += 4 + length;
    return value;
  };
  for (let count = bytes.readUInt32BE(0); count > 0; count--) headers.set(text().toLowerCase(), text());
  return headers;
}

/** An empty stored block, as zlib's sync flush ends with: it makes inflaters (Go's included) hand over the block before it. */
const SYNC_FLUSH = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);

/**
 * The header blocks this side sends, as one zlib stream with the SPDY dictionary made of stored (uncompressed)
 * deflate blocks: valid for any inflater, and no compression state to keep.
 */
export class HeaderBlockWriter {
  private started = false;

  write(headers: SpdyHeaders): Buffer {
    const pairs = [...headers].flatMap(([name, value]) => [name, value].map((s) => Buffer.from(s, 'utf8')));
    const raw = Buffer.concat([uint32(headers.size), ...pairs.flatMap((b) => [uint32(b.length), b])]);
    const stored = Buffer.alloc(5);
    stored.writeUInt16LE(raw.length, 1);
    stored.writeUInt16LE(~raw.length & 0xffff, 3);
    const prefix = this.started ? [] : [Buffer.from([0x78, 0x20]), uint32(adler32(SPDY3_HEADER_DICTIONARY))];
    this.started = true;
    return Buffer.concat([...prefix, stored, raw, SYNC_FLUSH]);
  }
}

function uint32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b;
}
