import { InProcessEventBus } from '../../infrastructure/inprocess/inprocess-event-bus.js';
import { eventBusContract } from './event-bus.contract.js';

eventBusContract('InProcessEventBus', async (t) => {
  const bus = new InProcessEventBus();
  t.teardown(() => bus.close());
  return bus;
});
