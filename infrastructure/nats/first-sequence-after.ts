import type { JetStreamManager, StoredMsg } from 'nats';

/**
 * The first stream sequence whose event position is > `after` (last sequence + 1 when there is none yet),
 * found by binary search: the relay publishes in position order, so positions grow with the sequence.
 * Costs about log2(messages) direct reads instead of replaying the whole stream.
 */
export async function firstSequenceAfter(
  jsm: JetStreamManager,
  stream: string,
  after: number,
  positionOf: (msg: StoredMsg) => number,
): Promise<number> {
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return state.last_seq + 1;
  let low = state.first_seq;
  let high = state.last_seq + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const position = await positionAt(jsm, stream, middle, positionOf);
    if (position === undefined || position > after) high = middle;
    else low = middle + 1;
  }
  return low;
}

async function positionAt(
  jsm: JetStreamManager,
  stream: string,
  seq: number,
  positionOf: (msg: StoredMsg) => number,
): Promise<number | undefined> {
  try {
    return positionOf(await jsm.streams.getMessage(stream, { seq }));
  } catch {
    return undefined; // a deleted message: treat it as "later", so nothing after it is skipped
  }
}
