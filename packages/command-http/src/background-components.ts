import type { Logger } from 'pino';
import { readinessGraceMs, shutdownTimeoutMs } from '@orderflow/lifecycle';
import { componentUp, type ReadinessCheck } from '@orderflow/observability';

/** A consumer-group member running beside the HTTP API that can stop on its own. */
export interface BackgroundComponent {
  onFatalCrash(listener: (error: Error) => void): void;
}

/**
 * The command processor, the saga policies and the deadline runner of one process. Each is a
 * readiness check, failing once it has stopped; a stopped one takes the process down (exit 1),
 * so an orchestrator restarts it: a command service that no longer decides commands or runs
 * its saga must not stay up and ready.
 */
export class BackgroundComponents {
  private readonly failures = new Map<string, Error>();
  private readonly names: string[] = [];
  private failing = false;

  constructor(
    private readonly service: string,
    private readonly logger: Logger,
    /** Stops the process; called once, on the first failure. */
    private readonly onFailure: (component: string, error: Error) => void,
  ) {}

  watch(name: string, component: BackgroundComponent): void {
    this.names.push(name);
    componentUp.set({ service: this.service, component: name }, 1);
    component.onFatalCrash((error) => {
      this.fail(name, error);
    });
  }

  /** For a failure outside the consumer, e.g. a start that gave up. */
  fail(name: string, error: unknown): void {
    const failure = error instanceof Error ? error : new Error(String(error));
    this.failures.set(name, failure);
    componentUp.set({ service: this.service, component: name }, 0);
    this.logger.fatal({ component: name, err: failure }, 'component stopped: readiness fails');
    if (this.failing) return;
    this.failing = true;
    this.onFailure(name, failure);
  }

  readinessChecks(): ReadinessCheck[] {
    return this.names.map((name) => ({
      name,
      probe: () => {
        const failure = this.failures.get(name);
        return failure
          ? Promise.reject(new Error(`stopped: ${failure.message}`))
          : Promise.resolve();
      },
    }));
  }
}

/**
 * A stopped component takes the process down with exit code 1: first a moment in which /readyz
 * names it (at least ORDERFLOW_SHUTDOWN_READINESS_GRACE_MS), then the graceful stop, bounded.
 */
export const exitAfterFailure = (stop: () => Promise<void>) => {
  setTimeout(
    () => {
      setTimeout(() => process.exit(1), shutdownTimeoutMs()).unref();
      void stop().finally(() => process.exit(1));
    },
    Math.max(1_000, readinessGraceMs()),
  );
};
