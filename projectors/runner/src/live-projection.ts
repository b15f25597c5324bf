import type { Logger } from 'pino';
import type { ProjectionRunner, ReadModel } from '@orderflow/projections';
import type { LiveTarget, TargetRegistry } from '@orderflow/read-targets';

export interface LiveProjectionOptions {
  readonly model: ReadModel;
  readonly registry: TargetRegistry;
  readonly logger: Logger;
  /** A runner writing the given version of the model's target, in that version's group. */
  readonly runnerFor: (target: LiveTarget) => ProjectionRunner;
}

/**
 * One projection as the live projector runs it: always into the live version of its target.
 * When a rebuild switches the live version, the runner of the old version stops and one for the
 * new version starts in the new version's consumer group, which the rebuild left committed at
 * the position its target has reached: no event is skipped, and replays are no-ops.
 */
export class LiveProjection {
  private current: { target: LiveTarget; runner: ProjectionRunner } | undefined;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: LiveProjectionOptions) {}

  get name(): string {
    return this.options.model.name;
  }

  get runner(): ProjectionRunner | undefined {
    return this.current?.runner;
  }

  get version(): number | undefined {
    return this.current?.target.version;
  }

  async start(): Promise<void> {
    await this.serialised(() => this.moveTo());
  }

  /** Re-reads the registry; moves to the live version if it changed. Calls never overlap. */
  follow(liveVersion: number): Promise<void> {
    if (liveVersion === this.current?.target.version) return this.queue;
    return this.serialised(() => this.moveTo());
  }

  async stop(): Promise<void> {
    await this.serialised(async () => {
      this.stopped = true;
      await this.current?.runner.stop();
      this.current = undefined;
    });
  }

  private serialised(work: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(work, work);
    return this.queue;
  }

  private async moveTo() {
    if (this.stopped) return;
    const target = await this.options.registry.liveTarget(this.name);
    const previous = this.current;
    if (previous?.target.version === target.version) return;
    if (previous) await previous.runner.stop();
    const runner = this.options.runnerFor(target);
    await runner.start();
    this.current = { target, runner };
    this.options.logger.info(
      {
        projection: this.name,
        version: target.version,
        group: target.groupId,
        ...(previous ? { previousVersion: previous.target.version } : {}),
      },
      previous ? 'projection moved to its new live target' : 'projection writing its live target',
    );
  }
}
