/** SPDY/3 framing (draft 3, section 2.2): what a port-forward session reads and writes. */

export const FLAG_FIN = 0x01;
const VERSION = 3;

export const enum ControlType {
  SynStream = 1,
  SynReply = 2,
  RstStream = 3,
  Settings = 4,
  Ping = 6,
  GoAway = 7,
  Headers = 8,
  WindowUpdate = 9,
}

export type SpdyFrame =
  | Readonly<{ kind: 'control'; type: number; flags: number; payload: Buffer }>
  | Readonly<{ kind: 'data'; streamId: number; flags: number; data: Buffer }>;

/** Cuts a byte stream into frames, however the bytes were split into messages. */
export class FrameReader {
  private pending = Buffer.alloc(0);

  push(bytes: Uint8Array): SpdyFrame[] {
    this.pending = this.pending.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.pending, bytes]);
    const frames: SpdyFrame[] = [];
    while (this.pending.length >= 8) {
      const length = this.pending.readUIntBE(5, 3);
      if (this.pending.length < 8 + length) break;
      const head = this.pending.subarray(0, 8);
      const body = this.pending.subarray(8, 8 + length);
      this.pending = this.pending.subarray(8 + length);
      const flags = head[4];
      if (head[0] & 0x80) frames.push({ kind: 'control', type: head.readUInt16BE(2), flags, payload: Buffer.from(body) });
      else frames.push({ kind: 'data', streamId: head.readUInt32BE(0) & 0x7fffffff, flags, data: Buffer.from(body) });
    }
    return frames;
  }
}

export const streamIdOf = (payload: Buffer) => payload.readUInt32BE(0) & 0x7fffffff;

export function controlFrame(type: ControlType, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | VERSION, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE(payload.length, 4);
  head[4] = flags;
  return Buffer.concat([head, payload]);
}

export function dataFrame(streamId: number, flags: number, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head.writeUInt32BE(data.length, 4);
  head[4] = flags;
  return Buffer.concat([head, data]);
}

const words = (...values: number[]) => {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
};

export const synReply = (streamId: number, headerBlock: Buffer) => controlFrame(ControlType.SynReply, 0, Buffer.concat([words(streamId), headerBlock]));
/** RST_STREAM with a status (1: PROTOCOL_ERROR, 3: REFUSED_STREAM, 5: CANCEL). */
export const rstStream = (streamId: number, status: number) => controlFrame(ControlType.RstStream, 0, words(streamId, status));
