import { portSetting } from '@orderflow/config';
import { shutdownOnSignals, shutdownTimeoutMs } from '@orderflow/lifecycle';
import { startProjector } from './projector.ts';

// PROJECTIONS=a,b runs a subset, to spread the read models over processes.
const projections = process.env.PROJECTIONS?.split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const timeoutMs = shutdownTimeoutMs();
const projector = await startProjector({
  port: portSetting('PROJECTOR_HTTP_PORT', 8090),
  ...(projections ? { projections } : {}),
});
shutdownOnSignals({ logger: projector.logger, stop: projector.close, timeoutMs });
