import type { Command } from 'commander';
import { findProjection } from '../catalog.ts';
import { confirm, positiveInt, say, withConnections } from '../cli-io.ts';
import { dropVersion } from '../drop.ts';
import { RefusedError } from '../errors.ts';
import { describeVerify } from '../output.ts';
import { hasDifferences, verifyTarget } from '../verify.ts';

/** `replay verify`: a target against a fresh fold; exit 1 on a difference. */
export const verifyCommand = (replay: Command): void => {
  replay
    .command('verify')
    .description('compare a target with a fresh fold of the topics (counts and checksums per key)')
    .argument('<projection>')
    .option('--version <n>', 'the version to check (default: the live one)', positiveInt)
    .option('--json', 'machine-readable output')
    .action((projection: string, options: { version?: number; json?: boolean }) =>
      withConnections(async (c) => {
        const entry = findProjection(projection);
        const live = (await c.registry.entries()).get(projection)?.liveVersion ?? 1;
        const version = options.version ?? live;
        const known = [live, ...(await c.registry.versionsOf(projection)).map((v) => v.version)];
        if (!known.includes(version))
          throw new RefusedError(
            `${projection} has no version ${String(version)}; it has ${[...new Set(known)].join(', ')}`,
          );
        const report = await verifyTarget(c, entry, version);
        if (options.json) say(JSON.stringify(report, null, 2));
        else for (const line of describeVerify(report)) say(line);
        if (hasDifferences(report)) process.exitCode = 1;
      }),
    );
};

/** `replay drop`: a version that is not live. */
export const dropCommand = (replay: Command): void => {
  replay
    .command('drop')
    .description('drop a version that is not live (its collection or tables, checkpoint and group)')
    .argument('<projection>')
    .argument('<version>', 'version number', positiveInt)
    .option('-y, --yes', 'do not ask for confirmation')
    .action((projection: string, version: number, options: { yes?: boolean }) =>
      withConnections(async (c) => {
        const entry = findProjection(projection);
        const live = (await c.registry.entries()).get(projection)?.liveVersion ?? 1;
        if (version === live)
          throw new RefusedError(
            `version ${String(version)} is the live version of ${projection}: rebuild first, then drop the old one`,
          );
        await confirm(`Drop version ${String(version)} of ${projection}?`, options.yes);
        await dropVersion(c, entry, version);
        say(`dropped ${projection} v${String(version)}`);
      }),
    );
};
