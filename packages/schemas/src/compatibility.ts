// FULL_TRANSITIVE, as the registry would enforce it, but checked before anything reaches it:
// - backward against every released version: replays read the whole history with today's schema;
// - forward against every released version: other teams upgrade their readers on their own clock.
import type { EventSchemaFile, ReleasedEventSchemaFile } from './event-schema-files.ts';
import { avscTypeFor } from './avsc-type.ts';
import { findReadProblems, type ReadProblem } from './schema-resolution.ts';

/** backward: today's schema reads a released version's data; forward: the other way round. */
type Direction = 'backward' | 'forward';

/** Sentence and consequence use `%v` where the released versions go, so versions merge. */
interface Wording {
  sentence: string;
  consequence: string;
}

/** Every way the current schemas break FULL_TRANSITIVE compatibility, one message per problem. */
export function checkCompatibility(
  current: readonly EventSchemaFile[],
  released: readonly ReleasedEventSchemaFile[],
): string[] {
  const violations: string[] = [];
  for (const [subject, versions] of groupBySubject(released)) {
    const schema = current.find((file) => file.subject === subject);
    if (!schema) {
      const list = versions.map(({ version }) => `v${version}`).join(', ');
      violations.push(
        `${subject}: released as ${list}, but its current schema is gone; a released event type stays in the contract (deprecate it in its doc instead)`,
      );
      continue;
    }
    violations.push(...subjectViolations(schema, versions));
  }
  return violations;
}

function subjectViolations(
  current: EventSchemaFile,
  released: readonly ReleasedEventSchemaFile[],
): string[] {
  const wordings: { wording: Wording; version: number }[] = [];
  for (const releasedFile of released) {
    for (const direction of ['backward', 'forward'] as const) {
      const [reader, writer] =
        direction === 'backward' ? [current, releasedFile] : [releasedFile, current];
      const avscError = avscReadError(reader, writer);
      const problems = findReadProblems(reader.schema, writer.schema).filter(
        // avsc decides whether the bytes resolve; only the logical-type rule is ours alone.
        (problem) => avscError !== undefined || problem.kind === 'logical-type-changed',
      );
      const found =
        avscError !== undefined && problems.length === 0
          ? // The walk missed what avsc saw: still fail, in avsc's words.
            [
              {
                sentence: `avsc cannot resolve it: ${avscError}`,
                consequence: cannotRead(direction),
              },
            ]
          : problems.map((problem) => wordProblem(problem, direction));
      wordings.push(...found.map((wording) => ({ wording, version: releasedFile.version })));
    }
  }
  return mergeVersions(current.subject, wordings);
}

function avscReadError(reader: EventSchemaFile, writer: EventSchemaFile): string | undefined {
  try {
    avscTypeFor(reader.json).createResolver(avscTypeFor(writer.json));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** One line per sentence, listing every released version (and direction) it breaks. */
function mergeVersions(
  subject: string,
  wordings: readonly { wording: Wording; version: number }[],
): string[] {
  const bySentence = new Map<string, Map<string, number[]>>();
  for (const { wording, version } of wordings) {
    const consequences = bySentence.get(wording.sentence) ?? new Map<string, number[]>();
    const versions = consequences.get(wording.consequence) ?? [];
    if (!versions.includes(version)) versions.push(version);
    consequences.set(wording.consequence, versions);
    bySentence.set(wording.sentence, consequences);
  }
  return [...bySentence].map(([sentence, consequences]) => {
    const allVersions = [...new Set([...consequences.values()].flat())];
    const because = [...consequences].map(([consequence, versions]) =>
      consequence.replaceAll('%v', versionList(versions)),
    );
    return `${subject}: ${sentence.replaceAll('%v', versionList(allVersions))} (${because.join('; ')})`;
  });
}

const versionList = (versions: readonly number[]): string =>
  [...versions]
    .sort((a, b) => a - b)
    .map((version) => `v${version}`)
    .join(', ');

const cannotRead = (direction: Direction): string =>
  direction === 'backward'
    ? 'the current schema cannot read %v data'
    : '%v readers cannot read new data';

function wordProblem(problem: ReadProblem, direction: Direction): Wording {
  const backward = direction === 'backward';
  const field = problem.path === '' ? 'the event record' : `field "${problem.path}"`;
  const consequence = cannotRead(direction);
  switch (problem.kind) {
    case 'missing-field':
      return backward
        ? {
            sentence: `${field} was added without a default`,
            consequence: 'readers of %v data cannot fill it',
          }
        : { sentence: `${field} was removed but has no default in %v`, consequence };
    case 'type-changed': {
      const [from, to] = backward
        ? [problem.writerType, problem.readerType]
        : [problem.readerType, problem.writerType];
      return { sentence: `${field} changed type from ${from} to ${to}`, consequence };
    }
    case 'logical-type-changed': {
      const [from, to] = backward
        ? [problem.writerType, problem.readerType]
        : [problem.readerType, problem.writerType];
      const misread = backward
        ? 'the current schema would misread %v data'
        : '%v readers would misread new data';
      return {
        sentence: `${field} changed logical type from ${from} to ${to}`,
        consequence: misread,
      };
    }
    case 'unreadable-union-branch':
      return backward
        ? {
            sentence: `${field} no longer accepts ${problem.branch} in its union`,
            consequence,
          }
        : { sentence: `${field} gained union branch ${problem.branch}`, consequence };
    case 'unknown-enum-symbols': {
      const symbols = problem.symbols.map((symbol) => `"${symbol}"`).join(', ');
      return backward
        ? {
            sentence: `enum ${problem.enumName} of ${field} lost symbol ${symbols} and has no enum default`,
            consequence: `${consequence} holding it`,
          }
        : {
            sentence: `enum ${problem.enumName} of ${field} gained symbol ${symbols} but has no enum default in %v`,
            consequence: `${consequence} holding it`,
          };
    }
    case 'renamed': {
      const [from, to] = backward
        ? [problem.writerName, problem.readerName]
        : [problem.readerName, problem.writerName];
      return {
        sentence: `the type of ${field} was renamed from ${from} to ${to}`,
        consequence,
      };
    }
  }
}

function groupBySubject(
  released: readonly ReleasedEventSchemaFile[],
): Map<string, ReleasedEventSchemaFile[]> {
  const groups = new Map<string, ReleasedEventSchemaFile[]>();
  for (const file of released) {
    groups.set(file.subject, [...(groups.get(file.subject) ?? []), file]);
  }
  return groups;
}
