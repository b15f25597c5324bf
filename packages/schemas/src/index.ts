export {
  AvroSchemaShapeError,
  describeType,
  parseAvroSchema,
  type AvroType,
  type ParsedAvroSchema,
} from './avro-schema.ts';
export {
  findOutdatedContractModules,
  generateContractModules,
  writeContractModules,
  type GeneratedModule,
} from './codegen.ts';
export { checkCompatibility } from './compatibility.ts';
export { CodegenError, generatedHeader } from './context-module.ts';
export { checkContract, type ContractCheck } from './contract-check.ts';
export { regenerateContract, type CodegenOutcome } from './contract-codegen.ts';
export { whatToDo, type ContractProblem, type ProblemCategory } from './contract-problems.ts';
export {
  loadCurrentEventSchemas,
  loadReleasedEventSchemas,
  type EventSchemaFile,
  type LoadedEventSchemas,
  type ReleasedEventSchemaFile,
} from './event-schema-files.ts';
export { findReadProblems, type ReadProblem } from './schema-resolution.ts';
export { releaseContract, type FrozenVersion, type ReleaseOutcome } from './release.ts';
export { defaultSchemaPaths, type SchemaPaths } from './repository-paths.ts';
