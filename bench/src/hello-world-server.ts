import express from 'express';

// The HTTP baseline: express answering a constant, run the way Orderflow's services run
// (a Node child process through tsx), so both pay the same runtime and loader overhead.
const app = express();
app.get('/', (_request, response) => {
  response.json({ hello: 'world' });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on ${String(typeof address === 'object' && address ? address.port : '')}`);
});
process.once('SIGTERM', () => {
  server.close();
  process.exit(0);
});
