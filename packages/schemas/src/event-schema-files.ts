// Reads the contract from disk: the current schema of every event type and its frozen versions.
// Problems are collected, not thrown, so one run lists everything a change broke.
import { readdir, readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { ParsedAvroSchema } from './avro-schema.ts';
import {
  checkEventSchemaConventions,
  contextNamePattern,
  eventTypePattern,
} from './event-schema-conventions.ts';
import { compareCodePoints } from './code-point-order.ts';
import { isFileNotFound } from './file-not-found.ts';
import { displayPath } from './repository-paths.ts';

export interface EventSchemaFile {
  context: string;
  eventType: string;
  /** `inventory/StockReserved`: how messages name an event type. */
  subject: string;
  path: string;
  /** The file's bytes as text: a release freezes exactly these. */
  text: string;
  json: Record<string, unknown>;
  schema: ParsedAvroSchema;
}

export interface ReleasedEventSchemaFile extends EventSchemaFile {
  version: number;
}

export interface LoadedEventSchemas<T extends EventSchemaFile> {
  /** Sorted by context, then event type, then version. */
  schemas: T[];
  problems: string[];
  /** Subjects with a file in place that could not be loaded: present, though not in `schemas`. */
  rejectedSubjects: string[];
}

const currentFileName = /^(?<eventType>[^.]+)\.avsc$/;
const releasedFileName = /^(?<eventType>[^.]+)\.v(?<version>[1-9][0-9]*)\.avsc$/;

export async function loadCurrentEventSchemas(
  root: string,
): Promise<LoadedEventSchemas<EventSchemaFile>> {
  const { found, ...outcome } = await loadEventSchemas(
    root,
    '<context>/<EventType>.avsc',
    (name) => {
      const eventType = currentFileName.exec(name)?.groups?.eventType;
      return eventType ? { eventType } : undefined;
    },
  );
  return { schemas: found.map(({ file }) => file), ...outcome };
}

export async function loadReleasedEventSchemas(
  root: string,
): Promise<LoadedEventSchemas<ReleasedEventSchemaFile>> {
  const loaded = await loadEventSchemas(root, '<context>/<EventType>.v<N>.avsc', (name) => {
    const { eventType, version } = releasedFileName.exec(name)?.groups ?? {};
    return eventType && version ? { eventType, version: Number(version) } : undefined;
  });
  const schemas = loaded.found
    .map(({ file, identity }) => ({ ...file, version: identity.version }))
    // By number: by name, v10 would come before v2.
    .sort((a, b) => compareCodePoints(a.subject, b.subject) || a.version - b.version);
  return {
    schemas,
    problems: [...loaded.problems, ...versionGapProblems(root, schemas)],
    rejectedSubjects: loaded.rejectedSubjects,
  };
}

async function loadEventSchemas<Identity extends { eventType: string }>(
  root: string,
  expectedLayout: string,
  identify: (fileName: string) => Identity | undefined,
): Promise<{
  found: { file: EventSchemaFile; identity: Identity }[];
  problems: string[];
  rejectedSubjects: string[];
}> {
  const found: { file: EventSchemaFile; identity: Identity }[] = [];
  const problems: string[] = [];
  const rejectedSubjects = new Set<string>();
  for (const relativePath of await listSchemaFiles(root)) {
    const path = join(root, relativePath);
    const segments = relativePath.split(sep);
    const [context, fileName] = segments;
    const identity = fileName === undefined ? undefined : identify(fileName);
    if (segments.length !== 2 || context === undefined || identity === undefined) {
      problems.push(`${displayPath(path)}: misplaced schema file; expected ${expectedLayout}`);
      continue;
    }
    const loaded = await loadEventSchemaFile(path, context, identity.eventType);
    problems.push(...loaded.problems.map((problem) => `${displayPath(path)}: ${problem}`));
    if (loaded.file) found.push({ file: loaded.file, identity });
    else rejectedSubjects.add(`${context}/${identity.eventType}`);
  }
  found.sort(({ file: a }, { file: b }) => compareCodePoints(a.subject, b.subject));
  return { found, problems, rejectedSubjects: [...rejectedSubjects] };
}

async function loadEventSchemaFile(
  path: string,
  context: string,
  eventType: string,
): Promise<{ file: EventSchemaFile | undefined; problems: string[] }> {
  const pathProblems: string[] = [];
  if (!contextNamePattern.test(context)) {
    pathProblems.push(
      `context folder "${context}" must be lowercase letters and digits (it is part of the namespace)`,
    );
  }
  if (!eventTypePattern.test(eventType)) {
    pathProblems.push(`event type "${eventType}" must be PascalCase letters and digits`);
  }
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { file: undefined, problems: [...pathProblems, `is not valid JSON: ${reason}`] };
  }
  const verdict = checkEventSchemaConventions(json, context, eventType);
  const problems = [...pathProblems, ...verdict.problems];
  if (!verdict.schema || pathProblems.length > 0) return { file: undefined, problems };
  const file: EventSchemaFile = {
    context,
    eventType,
    subject: `${context}/${eventType}`,
    path,
    text,
    json: json as Record<string, unknown>,
    schema: verdict.schema,
  };
  return { file, problems };
}

async function listSchemaFiles(root: string): Promise<string[]> {
  try {
    const entries = await readdir(root, { recursive: true });
    return entries.filter((entry) => entry.endsWith('.avsc')).sort(compareCodePoints);
  } catch (error) {
    // No folder yet is an empty contract, not an error: the first schema creates it.
    if (isFileNotFound(error)) return [];
    throw error;
  }
}

function versionGapProblems(root: string, released: ReleasedEventSchemaFile[]): string[] {
  const subjects = [...new Set(released.map((file) => file.subject))];
  return subjects.flatMap((subject) => {
    const versions = released
      .filter((file) => file.subject === subject)
      .map((file) => file.version);
    const firstGap = versions.findIndex((version, index) => version !== index + 1);
    if (firstGap === -1) return [];
    const found = versions.map((version) => `v${version}`).join(', ');
    return [
      `${displayPath(join(root, subject))}: released versions ${found} lack v${firstGap + 1}; released versions are never deleted, restore it from git`,
    ];
  });
}
