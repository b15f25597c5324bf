/**
 * Sends the messages of concurrent callers together. The command producer is idempotent with
 * one request in flight (what keeps a retried send from reordering or duplicating): one send
 * per HTTP request would queue every command behind the previous one's broker round trip, so
 * the service's throughput would be one over the produce latency, however many clients wait.
 * Here a lone message leaves at once; messages that arrive while a send is in flight leave
 * together in the next one, in arrival order. Each caller settles with the send that carried
 * its message: a failed send fails exactly its own callers.
 */
export class SendCoalescer<M> {
  private readonly waiting: {
    readonly message: M;
    readonly resolve: () => void;
    readonly reject: (error: unknown) => void;
  }[] = [];
  private sending = false;

  constructor(
    private readonly sendAll: (messages: M[]) => Promise<void>,
    private readonly maxMessages = 500,
  ) {}

  send(message: M): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ message, resolve, reject });
      if (!this.sending) void this.drain();
    });
  }

  private async drain() {
    this.sending = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxMessages);
      try {
        await this.sendAll(batch.map((entry) => entry.message));
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.sending = false;
  }
}
