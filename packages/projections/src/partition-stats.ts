/** Per topic-partition progress of a projection: position, lag, and events/s since start. */
export interface PartitionStat {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
  readonly lag: number;
  readonly events: number;
  readonly eventsPerSecond: number;
}

export class PartitionStats {
  private readonly started = Date.now();
  private readonly partitions = new Map<
    string,
    { topic: string; partition: number; nextOffset: string; highWatermark: string; events: number }
  >();

  record(
    topic: string,
    partition: number,
    count: number,
    nextOffset: string,
    highWatermark: string,
  ) {
    const key = `${topic}/${String(partition)}`;
    const current = this.partitions.get(key);
    this.partitions.set(key, {
      topic,
      partition,
      nextOffset,
      highWatermark,
      events: (current?.events ?? 0) + count,
    });
  }

  snapshot(): PartitionStat[] {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    return [...this.partitions.values()].map((p) => ({
      topic: p.topic,
      partition: p.partition,
      nextOffset: p.nextOffset,
      lag: Math.max(0, Number(BigInt(p.highWatermark) - BigInt(p.nextOffset))),
      events: p.events,
      eventsPerSecond: p.events / seconds,
    }));
  }
}
