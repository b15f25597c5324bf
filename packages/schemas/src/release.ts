// Freezing: a released version is what has (or may have) reached the registry and Kafka, so it is
// written once, never overwritten, and only from a contract that passes every check.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkContract } from './contract-check.ts';
import type { ContractProblem } from './contract-problems.ts';
import { compareCodePoints } from './code-point-order.ts';
import type { EventSchemaFile, ReleasedEventSchemaFile } from './event-schema-files.ts';
import type { SchemaPaths } from './repository-paths.ts';

export interface FrozenVersion {
  subject: string;
  version: number;
  path: string;
}

export interface ReleaseOutcome {
  /** Non-empty means nothing was frozen. */
  problems: ContractProblem[];
  frozen: FrozenVersion[];
}

export async function releaseContract(paths: SchemaPaths): Promise<ReleaseOutcome> {
  const { current, released, problems } = await checkContract(paths);
  if (problems.length > 0) return { problems, frozen: [] };
  const frozen: FrozenVersion[] = [];
  for (const schema of current) {
    const latest = latestRelease(schema, released);
    if (latest && canonicalJson(latest.json) === canonicalJson(schema.json)) continue;
    const version = (latest?.version ?? 0) + 1;
    const folder = join(paths.released, schema.context);
    const path = join(folder, `${schema.eventType}.v${version}.avsc`);
    await mkdir(folder, { recursive: true });
    // 'wx' fails if the file exists: a frozen version is never overwritten, even by a race.
    await writeFile(path, schema.text, { flag: 'wx' });
    frozen.push({ subject: schema.subject, version, path });
  }
  return { problems: [], frozen };
}

function latestRelease(
  schema: EventSchemaFile,
  released: readonly ReleasedEventSchemaFile[],
): ReleasedEventSchemaFile | undefined {
  return released
    .filter((file) => file.subject === schema.subject)
    .reduce<ReleasedEventSchemaFile | undefined>(
      (latest, file) => (latest && latest.version > file.version ? latest : file),
      undefined,
    );
}

// Whitespace and key order are not part of a schema; docs and defaults are (the registry keeps
// them, and other teams read them), so a doc edit is a new version too.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => compareCodePoints(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
