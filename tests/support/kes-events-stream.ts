import { connect, type StoredMsg } from 'nats';

/** Every message of the stream KES_EVENTS, in stream order, read with the plain `nats` package as an integrator would. */
export async function streamMessages(url: string, stream = 'KES_EVENTS'): Promise<StoredMsg[]> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(stream);
    const messages: StoredMsg[] = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) messages.push(await jsm.streams.getMessage(stream, { seq }));
    return messages;
  } finally {
    await nc.close();
  }
}

/** The store positions the stream's messages carry, in stream order. */
export const streamPositions = async (url: string) => (await streamMessages(url)).map((m) => Number(m.header.get('Kes-Position')));
