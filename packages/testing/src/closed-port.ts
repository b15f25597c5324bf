import { createServer } from 'node:net';

/**
 * A loopback port nothing listens on (it was free a moment ago): a server that is down, for
 * tests of what happens when a dependency refuses connections.
 */
export const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return typeof address === 'object' && address ? address.port : 0;
};
