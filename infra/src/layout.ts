import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Everything the infra command downloads, builds or stores lives under one git-ignored folder,
 * so `reset` (or deleting the folder) returns the machine to a clean state.
 */
export const orderflowHome = path.resolve(
  process.env.ORDERFLOW_HOME ?? path.join(repoRoot, '.orderflow'),
);

export const layout = {
  home: orderflowHome,
  tools: path.join(orderflowHome, 'tools'),
  data: path.join(orderflowHome, 'data'),
  logs: path.join(orderflowHome, 'logs'),
  run: path.join(orderflowHome, 'run'),
  config: path.join(orderflowHome, 'config'),
  infraSources: path.join(repoRoot, 'infra'),
} as const;

export const logFile = (component: string) => path.join(layout.logs, `${component}.log`);
export const pidFile = (component: string) => path.join(layout.run, `${component}.pid`);
