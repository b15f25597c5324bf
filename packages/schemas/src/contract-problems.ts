// What the contract commands report: problems grouped by kind, each kind with what to do, so a
// failing build tells the author how to fix it, not only what broke.

export type ProblemCategory = 'convention' | 'compatibility' | 'codegen';

export interface ContractProblem {
  category: ProblemCategory;
  message: string;
}

export const whatToDo: Record<ProblemCategory, string> = {
  convention:
    'Fix the files named above: one Avro record per event type at schemas/avro/<context>/<EventType>.avsc, ' +
    'named after its file, in namespace dev.orderflow.<context>, with a "doc" on every field ' +
    '(see schemas/README.md). Released versions are never edited.',
  compatibility:
    'The contract is FULL_TRANSITIVE: the current schema must read the data of every released version, ' +
    'and every released version must read new data. Add or remove only fields that have a default, ' +
    'add enum symbols only to an enum with a default, keep field names and types. A change that cannot ' +
    'follow these rules is a new event type, not a new version.',
  codegen: 'Run `npm run schemas -- codegen` and commit the generated files.',
};

export const inCategory =
  (category: ProblemCategory) =>
  (message: string): ContractProblem => ({ category, message });
