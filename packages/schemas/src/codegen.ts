// TypeScript from the Avro contract, so no service hand-copies a payload type. The modules are
// formatted with the repository's prettier config, so `npm run format` never makes `check` fail.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { CodegenError, generatedHeader, renderContextModule } from './context-module.ts';
import { compareCodePoints } from './code-point-order.ts';
import type { EventSchemaFile } from './event-schema-files.ts';
import { isFileNotFound } from './file-not-found.ts';
import { displayPath, repositoryRoot } from './repository-paths.ts';

export interface GeneratedModule {
  fileName: string;
  content: string;
}

/** One module per context (sorted), then `index.ts` re-exporting them; formatted for `outDir`. */
export async function generateContractModules(
  schemas: readonly EventSchemaFile[],
  outDir: string,
): Promise<GeneratedModule[]> {
  const contexts = [...new Set(schemas.map((file) => file.context))].sort(compareCodePoints);
  const modules = contexts.map((context) => ({
    context,
    ...renderContextModule(
      context,
      schemas
        .filter((file) => file.context === context)
        .sort((a, b) => compareCodePoints(a.eventType, b.eventType)),
    ),
  }));
  refuseNameClashes(modules);
  const reExports = modules.map(({ fileName }) => `export * from './${fileName}';`);
  const index = {
    fileName: 'index.ts',
    source: `${generatedHeader}\n\n${reExports.length > 0 ? reExports.join('\n') : 'export {};'}\n`,
  };
  return Promise.all(
    [...modules, index].map(async ({ fileName, source }) => ({
      fileName,
      content: await formatLikeTheRepository(source, join(outDir, fileName)),
    })),
  );
}

/** Writes what changed, and removes generated modules whose context is gone. */
export async function writeContractModules(
  outDir: string,
  modules: readonly GeneratedModule[],
): Promise<{ written: string[]; removed: string[] }> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const { fileName, content } of modules) {
    const path = join(outDir, fileName);
    if ((await readIfPresent(path)) === content) continue;
    await writeFile(path, content);
    written.push(path);
  }
  const removed = await leftoverGeneratedFiles(outDir, modules);
  for (const path of removed) await rm(path);
  return { written, removed };
}

/** What on disk differs from what codegen would write; empty when up to date. */
export async function findOutdatedContractModules(
  outDir: string,
  modules: readonly GeneratedModule[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const { fileName, content } of modules) {
    const path = join(outDir, fileName);
    const onDisk = await readIfPresent(path);
    if (onDisk === undefined) problems.push(`${displayPath(path)} is missing`);
    else if (onDisk !== content) problems.push(`${displayPath(path)} is out of date`);
  }
  for (const path of await leftoverGeneratedFiles(outDir, modules)) {
    problems.push(`${displayPath(path)} was generated for a context that no longer exists`);
  }
  return problems;
}

function refuseNameClashes(modules: readonly { context: string; exportedNames: string[] }[]) {
  const exporter = new Map<string, string>();
  for (const { context, exportedNames } of modules) {
    for (const name of exportedNames) {
      const other = exporter.get(name);
      // `export *` of the same name from two modules would make it silently unavailable.
      if (other !== undefined) {
        throw new CodegenError(
          `type "${name}" is declared in both ${other} and ${context}; give one of them a name of its own`,
        );
      }
      exporter.set(name, context);
    }
  }
}

// The config that applies at the output path, as `prettier --write` would use; outside the
// repository (a test's temp folder) the repository's own, so the content never depends on where.
async function formatLikeTheRepository(source: string, path: string): Promise<string> {
  const config =
    (await resolveConfig(path, { editorconfig: true })) ??
    (await resolveConfig(join(repositoryRoot, basename(path)), { editorconfig: true }));
  return format(source, { ...config, filepath: path });
}

/** Only files carrying our header are ours to delete: the folder may hold hand-written ones. */
async function leftoverGeneratedFiles(
  outDir: string,
  modules: readonly GeneratedModule[],
): Promise<string[]> {
  const expected = new Set(modules.map(({ fileName }) => fileName));
  const leftovers: string[] = [];
  const entries = await readdir(outDir).catch((error: unknown) => {
    if (isFileNotFound(error)) return [];
    throw error;
  });
  for (const fileName of entries.sort(compareCodePoints)) {
    if (!fileName.endsWith('.ts') || expected.has(fileName)) continue;
    const path = join(outDir, fileName);
    if ((await readIfPresent(path))?.startsWith(generatedHeader)) leftovers.push(path);
  }
  return leftovers;
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isFileNotFound(error)) return undefined;
    throw error;
  }
}
