import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestHandler } from 'express';

/**
 * The HTTP side of a graceful stop. `draining` flips first, so /readyz fails and load balancers
 * move on (the app's operations routes read it: they answer 503 `draining` in their usual shape,
 * with the service and version); responses then ask keep-alive clients to reconnect elsewhere;
 * `close` stops accepting and resolves when every in-flight request has been answered.
 */
export class HttpDrain {
  private drainingSince: number | undefined;

  /**
   * `readinessGraceMs`: how long /readyz fails while requests are still taken, before the
   * server stops accepting, so a load balancer has seen the failure (ORDERFLOW_SHUTDOWN_READINESS_GRACE_MS).
   */
  constructor(private readonly readinessGraceMs = 0) {}

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  start() {
    this.drainingSince ??= Date.now();
  }

  /** In front of the app: while draining, every answer closes its connection. */
  readonly gate: RequestHandler = (_request, response, next) => {
    if (this.draining) response.setHeader('Connection', 'close');
    next();
  };

  async close(server: Server): Promise<void> {
    this.start();
    if (this.readinessGraceMs > 0) await sleep(this.readinessGraceMs);
    const closed = new Promise<void>((resolve, reject) => {
      server.close((error) => {
        if (error && (error as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING')
          reject(error);
        else resolve();
      });
    });
    // Idle keep-alive sockets would hold close() open; busy ones become idle as they finish.
    server.closeIdleConnections();
    const sweep = setInterval(() => {
      server.closeIdleConnections();
    }, 50);
    try {
      await closed;
    } finally {
      clearInterval(sweep);
    }
  }
}
