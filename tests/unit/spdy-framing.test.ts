import test from 'ava';
import { once } from 'node:events';
import { constants, createDeflate } from 'node:zlib';
import { controlFrame, ControlType, dataFrame, FLAG_FIN, FrameReader, synReply } from '../../infrastructure/kubelet/spdy/frames.js';
import { HeaderBlockReader, HeaderBlockWriter } from '../../infrastructure/kubelet/spdy/header-blocks.js';
import { SPDY3_HEADER_DICTIONARY } from '../../infrastructure/kubelet/spdy/header-dictionary.js';

/** Header blocks as Go's spdystream (kubectl) writes them: one deflate stream with the dictionary, a sync flush after each. */
async function deflatedBlocks(blocks: readonly Buffer[]): Promise<Buffer[]> {
  const deflate = createDeflate({ dictionary: SPDY3_HEADER_DICTIONARY });
  const out: Buffer[] = [];
  for (const block of blocks) {
    const chunks: Buffer[] = [];
    const collect = (chunk: Buffer) => chunks.push(chunk);
    deflate.on('data', collect);
    deflate.write(block);
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    await new Promise((resolve) => setImmediate(resolve));
    deflate.off('data', collect);
    out.push(Buffer.concat(chunks));
  }
  deflate.end();
  await once(deflate, 'end').catch(() => undefined);
  return out;
}

function rawHeaders(pairs: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const word = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
  parts.push(word(Object.keys(pairs).length));
  for (const [name, value] of Object.entries(pairs)) parts.push(word(name.length), Buffer.from(name), word(value.length), Buffer.from(value));
  return Buffer.concat(parts);
}

test('the SPDY/3 dictionary is the one kubectl names in its header blocks (Adler-32 0xe3c6a7c2)', (t) => {
  t.is(SPDY3_HEADER_DICTIONARY.length, 1423);
  t.is(SPDY3_HEADER_DICTIONARY.subarray(4, 11).toString(), 'options');
});

test('header blocks deflated with the dictionary and sync-flushed, as kubectl sends them, are read block by block', async (t) => {
  const [errorStream, dataStream] = await deflatedBlocks([
    rawHeaders({ streamtype: 'error', port: '8080', requestid: '0' }),
    rawHeaders({ streamtype: 'data', port: '8080', requestid: '0' }),
  ]);
  const reader = new HeaderBlockReader();
  t.deepEqual([...reader.read(errorStream)], [['streamtype', 'error'], ['port', '8080'], ['requestid', '0']]);
  t.deepEqual([...reader.read(dataStream)], [['streamtype', 'data'], ['port', '8080'], ['requestid', '0']]);
});

test('the header blocks written here form one zlib stream with the dictionary that any inflater reads block by block', (t) => {
  const writer = new HeaderBlockWriter();
  const reader = new HeaderBlockReader();
  const first = writer.write(new Map());
  const second = writer.write(new Map([['status', 'ok']]));
  t.deepEqual(first.subarray(0, 6), Buffer.from([0x78, 0x20, 0xe3, 0xc6, 0xa7, 0xc2]), 'a zlib header naming the dictionary, only once');
  t.deepEqual([...reader.read(first)], []);
  t.deepEqual([...reader.read(second)], [['status', 'ok']]);
  t.deepEqual(second.subarray(-5), Buffer.from([0, 0, 0, 0xff, 0xff]), 'each block ends on an empty stored block, so Go hands it over without reading ahead');
});

test('frames are cut from the byte stream however it was split', (t) => {
  const bytes = Buffer.concat([synReply(1, Buffer.from('abc')), dataFrame(3, 0, Buffer.from('hello')), dataFrame(3, FLAG_FIN, Buffer.alloc(0)), controlFrame(ControlType.Ping, 0, Buffer.from([0, 0, 0, 7]))]);
  const reader = new FrameReader();
  const frames = [...bytes].flatMap((byte) => reader.push(Buffer.from([byte])));
  t.deepEqual(frames.map((f) => (f.kind === 'data' ? `data ${f.streamId} ${f.flags} ${f.data.toString()}` : `control ${f.type} ${f.payload.length}`)), [
    'control 2 7',
    'data 3 0 hello',
    'data 3 1 ',
    'control 6 4',
  ]);
});
