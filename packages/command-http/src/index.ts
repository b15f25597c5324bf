export { createCommandApp, type CommandServiceOptions } from './command-app.ts';
export { commandRoute, type CommandRoute, type CommandFromRequest } from './command-route.ts';
export { openApiDocument } from './openapi.ts';
export { ProblemError, problemCatalogue, type ProblemCode } from './problem.ts';
export {
  readConsistencyToken,
  consistencyTokenFor,
  type ConsistencyPositions,
} from './consistency-token.ts';
export {
  startCommandService,
  closeOnSignals,
  type RunningCommandService,
} from './start-command-service.ts';
