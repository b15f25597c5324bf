// Everything `schemas check` verifies, gathered in one pass so a failing build lists every problem
// at once, each with what to do about it.
import { findOutdatedContractModules } from './codegen.ts';
import { checkCompatibility } from './compatibility.ts';
import { tryGenerating } from './contract-codegen.ts';
import { inCategory, type ContractProblem } from './contract-problems.ts';
import {
  loadCurrentEventSchemas,
  loadReleasedEventSchemas,
  type EventSchemaFile,
  type ReleasedEventSchemaFile,
} from './event-schema-files.ts';
import type { SchemaPaths } from './repository-paths.ts';

export interface ContractCheck {
  current: EventSchemaFile[];
  released: ReleasedEventSchemaFile[];
  problems: ContractProblem[];
}

export async function checkContract(paths: SchemaPaths): Promise<ContractCheck> {
  const current = await loadCurrentEventSchemas(paths.schemas);
  const released = await loadReleasedEventSchemas(paths.released);
  const problems: ContractProblem[] = [
    ...[...current.problems, ...released.problems].map(inCategory('convention')),
    // A current schema that failed to load is reported above; compared without it, it would
    // look deleted.
    ...checkCompatibility(
      current.schemas,
      released.schemas.filter((file) => !current.rejectedSubjects.includes(file.subject)),
    ).map(inCategory('compatibility')),
  ];
  // Code generated from a partial set of schemas would only add noise to the convention problems.
  if (current.problems.length === 0) {
    const generated = await tryGenerating(current.schemas, paths.generated);
    problems.push(
      ...(Array.isArray(generated)
        ? (await findOutdatedContractModules(paths.generated, generated)).map(inCategory('codegen'))
        : [generated]),
    );
  }
  return { current: current.schemas, released: released.schemas, problems };
}
