import { ParkingLot, type ParkedRecord, type TopicPartition } from '../../src/index.ts';

type Gated = 'blockedAggregates' | 'retriesRequested';

interface Gate {
  /** Resolves once the gated read has run against PostgreSQL and is being held. */
  readonly reached: Promise<void>;
  readonly release: () => void;
}

/**
 * The real parking lot, whose next read of one kind is held after PostgreSQL answered it: a
 * test decides exactly what happens between a read and its use, instead of hoping for a timing.
 */
export class GatedParkingLot extends ParkingLot {
  private readonly armed = new Map<Gated, { reached: () => void; released: Promise<void> }>();

  holdNext(read: Gated): Gate {
    const reached = Promise.withResolvers<undefined>();
    const released = Promise.withResolvers<undefined>();
    this.armed.set(read, {
      reached: () => {
        reached.resolve(undefined);
      },
      released: released.promise,
    });
    return {
      reached: reached.promise,
      release: () => {
        released.resolve(undefined);
      },
    };
  }

  override async blockedAggregates(partition: TopicPartition): Promise<Set<string>> {
    const found = await super.blockedAggregates(partition);
    await this.hold('blockedAggregates');
    return found;
  }

  override async retriesRequested(partition: TopicPartition): Promise<ParkedRecord[][]> {
    const found = await super.retriesRequested(partition);
    await this.hold('retriesRequested');
    return found;
  }

  private async hold(read: Gated) {
    const gate = this.armed.get(read);
    if (!gate) return;
    this.armed.delete(read);
    gate.reached();
    await gate.released;
  }
}
