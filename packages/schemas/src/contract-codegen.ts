// `schemas codegen`: regenerate the contracts package from the current schemas, refusing to
// generate from a contract that breaks the conventions (a partial set would drop event types).
import { generateContractModules, writeContractModules, type GeneratedModule } from './codegen.ts';
import { CodegenError } from './context-module.ts';
import { inCategory, type ContractProblem } from './contract-problems.ts';
import { loadCurrentEventSchemas, type EventSchemaFile } from './event-schema-files.ts';
import type { SchemaPaths } from './repository-paths.ts';

export interface CodegenOutcome {
  /** Non-empty means nothing was written. */
  problems: ContractProblem[];
  written: string[];
  removed: string[];
}

export async function regenerateContract(paths: SchemaPaths): Promise<CodegenOutcome> {
  const current = await loadCurrentEventSchemas(paths.schemas);
  const nothingDone = { written: [], removed: [] };
  if (current.problems.length > 0) {
    return { problems: current.problems.map(inCategory('convention')), ...nothingDone };
  }
  const modules = await tryGenerating(current.schemas, paths.generated);
  if (!Array.isArray(modules)) return { problems: [modules], ...nothingDone };
  return { problems: [], ...(await writeContractModules(paths.generated, modules)) };
}

/** The modules codegen would write, or why it cannot generate them. */
export async function tryGenerating(
  schemas: readonly EventSchemaFile[],
  outDir: string,
): Promise<GeneratedModule[] | ContractProblem> {
  try {
    return await generateContractModules(schemas, outDir);
  } catch (error) {
    // Clashing type names are fixed in the schemas, hence a convention problem.
    if (error instanceof CodegenError) return { category: 'convention', message: error.message };
    throw error;
  }
}
