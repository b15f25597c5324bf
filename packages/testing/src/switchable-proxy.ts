import net from 'node:net';

export interface SwitchableProxy {
  /** The target URL (path included) on the proxy's port: point a client here instead. */
  readonly url: string;
  /** Drops every open connection and refuses new ones, as a server that went away. */
  down(): void;
  /** Forwards again. */
  up(): void;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of a real server, for outage tests against the real thing:
 * while down, the client sees refused and reset connections; the server itself never stops
 * (other tests share it).
 */
export const switchableProxy = async (target: URL): Promise<SwitchableProxy> => {
  let forwarding = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!forwarding) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}${target.pathname === '/' ? '' : target.pathname}`,
    down: () => {
      forwarding = false;
      for (const socket of sockets) socket.destroy();
    },
    up: () => {
      forwarding = true;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
};
