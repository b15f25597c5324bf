import { startProjector } from './projector.ts';

// PROJECTIONS=a,b runs a subset, to spread the read models over processes.
const projections = process.env.PROJECTIONS?.split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const projector = await startProjector({
  port: Number(process.env.PROJECTOR_HTTP_PORT ?? 8090),
  ...(projections ? { projections } : {}),
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void projector.close().then(() => process.exit(0));
  });
}
