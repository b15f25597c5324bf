export {
  HttpProblem,
  problemTypeUri,
  type ProblemBody,
  type ProblemCatalogue,
  type ProblemDefinition,
  type ProblemOptions,
} from './problem.ts';
export { problemResponder, sendProblem, type ProblemResponderOptions } from './respond.ts';
export { problemResponse, problemSchema } from './openapi.ts';
