import { contextTopics } from '@orderflow/kernel';
import {
  allReadModels,
  storeOf,
  type ReadModelName,
  type ReadModelStore,
} from '@orderflow/read-models';

/**
 * The projections the query API reads, where each keeps its progress, and which event topics it
 * folds. A consistency token names a topic: a read waits only for projections that consume it.
 * Derived from the catalogue the projector runs, so the two cannot drift apart.
 */
export type ProgressStore = ReadModelStore;
export type ProjectionName = ReadModelName;

interface ProjectionDefinition {
  readonly store: ProgressStore;
  readonly topics: readonly string[];
}

export const projections: ReadonlyMap<ProjectionName, ProjectionDefinition> = new Map(
  allReadModels.map((model) => [
    model.name,
    {
      store: storeOf(model.name),
      topics: model.sources.map((source) => contextTopics(source.context).events),
    },
  ]),
);

export const projectionDefinition = (name: ProjectionName): ProjectionDefinition => {
  const definition = projections.get(name);
  if (!definition) throw new Error(`${name} is not in the read-model catalogue`); // by its type, never
  return definition;
};

/** Of a route's projections, those built from `topic`; none means the token does not apply. */
export const projectionsToAwait = (
  routeProjections: readonly ProjectionName[],
  topic: string,
): ProjectionName[] =>
  routeProjections.filter((name) => projectionDefinition(name).topics.includes(topic));

export const topicsOf = (routeProjections: readonly ProjectionName[]): string[] => [
  ...new Set(routeProjections.flatMap((name) => projectionDefinition(name).topics)),
];
