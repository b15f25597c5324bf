import net from 'node:net';
import {
  Kafka,
  type Consumer,
  type ConsumerConfig,
  type ConsumerRunConfig,
  type ISocketFactory,
  type KafkaConfig,
} from 'kafkajs';
import type { Logger } from 'pino';

// The settings each client of createKafka was built with, so that a group member can get a
// client (and so TCP connections) of its own that it may cut at shutdown.
const clientSettings = new WeakMap<Kafka, KafkaConfig>();

export const rememberClientSettings = (kafka: Kafka, settings: KafkaConfig) => {
  clientSettings.set(kafka, settings);
};

/** The reason given to the connections a leaving member cuts (logged by KafkaJS at debug). */
export const abandonedJoin = 'orderflow: left the group during a rebalance';

/** How long a rejoin must have been pending before a leaving member abandons it. */
const settleMs = 200;

/**
 * A long-lived consumer-group member (command processor, policy, deadline runner, projection)
 * that can leave its group promptly, even while the group is rebalancing.
 *
 * Why: KafkaJS's `disconnect()` waits for the consumer loop, and when a rebalance has begun the
 * loop sits in JoinGroup, which the coordinator answers only once every member has rejoined or
 * been expired. A member that stopped heartbeating without leaving (a SIGKILLed or frozen
 * process) is expired only after its session timeout (30 s here), so a SIGTERM during such a
 * rebalance outlived the process's shutdown bound. A pending join holds no work to finish
 * (KafkaJS starts it only after every batch has returned), so `leave()` then closes the
 * member's own connections: the join fails, KafkaJS sees it is stopping, and sends LeaveGroup on
 * a fresh connection, which the coordinator applies at once (it also drops the pending join).
 */
export class GroupMember {
  readonly consumer: Consumer;
  readonly abortableJoin: boolean;
  private readonly sockets = new Set<net.Socket>();
  private rebalancingSince: number | undefined;
  private batchesInFlight = 0;
  private leaving = false;

  constructor(
    kafka: Kafka,
    config: ConsumerConfig,
    private readonly logger: Logger,
  ) {
    const settings = clientSettings.get(kafka);
    this.abortableJoin = settings !== undefined;
    // KafkaJS gives every consumer its own connections anyway; this only makes them ours to cut.
    const own = settings ? new Kafka({ ...settings, socketFactory: this.trackingSockets }) : kafka;
    this.consumer = own.consumer({
      ...config,
      retry: {
        retries: 5, // KafkaJS's default for consumers, which passing `retry` would replace
        ...config.retry,
        // A join failed by leave() must not bring the consumer back.
        restartOnFailure: async (error) =>
          !this.leaving && ((await config.retry?.restartOnFailure?.(error)) ?? true),
      },
    });
    this.consumer.on(this.consumer.events.REBALANCING, () => {
      this.rebalancingSince ??= Date.now();
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.rebalancingSince = undefined;
    });
  }

  /** `consumer.run`, counting the batches in flight (a member with one is never cut off). */
  run(config: ConsumerRunConfig): Promise<void> {
    this.rebalancingSince = Date.now(); // the first join: until GROUP_JOIN, like a rejoin
    const { eachBatch } = config;
    if (!eachBatch) return this.consumer.run(config);
    return this.consumer.run({
      ...config,
      eachBatch: async (payload) => {
        this.batchesInFlight += 1;
        try {
          await eachBatch(payload);
        } finally {
          this.batchesInFlight -= 1;
        }
      },
    });
  }

  /**
   * Lets the batch in flight finish (the caller makes it short), leaves the group and closes
   * the connections; a rejoin pending on other members is abandoned rather than waited for.
   */
  async leave(): Promise<void> {
    this.leaving = true;
    const disconnected = this.consumer.disconnect();
    const watch = setInterval(() => {
      if (!this.joinPendingWithoutWork()) return;
      clearInterval(watch); // once: the LeaveGroup that follows must not be cut as well
      this.abandonJoin();
    }, settleMs / 2);
    try {
      await disconnected;
    } finally {
      clearInterval(watch);
    }
  }

  private joinPendingWithoutWork() {
    return (
      this.abortableJoin &&
      this.rebalancingSince !== undefined &&
      Date.now() - this.rebalancingSince >= settleMs &&
      this.batchesInFlight === 0
    );
  }

  private abandonJoin() {
    this.logger.warn(
      { waitedMs: Date.now() - (this.rebalancingSince ?? Date.now()) },
      'leaving during a rebalance: abandoning the rejoin that waits for other members',
    );
    // With an error: KafkaJS fails a connection's pending requests on 'error' or 'end' only.
    for (const socket of this.sockets) socket.destroy(new Error(abandonedJoin));
  }

  // Plain TCP, as createKafka configures no TLS; KafkaJS's own factory also sets this keep-alive.
  private readonly trackingSockets: ISocketFactory = ({ host, port, onConnect }) => {
    const socket = net.connect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    return socket;
  };
}
