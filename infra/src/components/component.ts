import type { EndpointVariable } from '@orderflow/config';

export type ComponentName = 'postgres' | 'kafka' | 'schema-registry' | 'ferretdb';

/** One embedded server: how to install, start, probe and stop it on loopback. */
export interface Component {
  readonly name: ComponentName;
  readonly title: string;
  /** The variable that points Orderflow at someone else's server instead of this one. */
  readonly variable: EndpointVariable;
  readonly dependsOn: readonly ComponentName[];
  readonly host: string;
  readonly port: number;
  /** Seconds a cold start may take on a busy 2-core machine. */
  readonly startupTimeoutSeconds: number;
  /** A real request (a query, a metadata call): resolves only when the server answers it. */
  probe: () => Promise<void>;
  /** Idempotent: installs what is missing, does nothing when all is present. */
  install: () => Promise<void>;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  isRunning: () => boolean;
  /** Folders that `reset` deletes. */
  readonly dataDirectories: readonly string[];
}

export const say = (message: string) => {
  console.error(`infra: ${message}`);
};
