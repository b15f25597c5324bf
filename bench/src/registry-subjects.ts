import { eventSubject, type AvroRecordSchema } from '@orderflow/kernel';

/** The subjects an events topic gets for these schemas (TopicRecordNameStrategy, as the serde). */
export const eventSubjects = (
  eventsTopic: string,
  schemas: Readonly<Record<string, AvroRecordSchema>>,
) => Object.values(schemas).map((schema) => eventSubject(eventsTopic, schema));

const deleteSubject = async (registryUrl: string, subject: string, permanent: boolean) => {
  const url = `${registryUrl}/subjects/${encodeURIComponent(subject)}${permanent ? '?permanent=true' : ''}`;
  const answer = await fetch(url, { method: 'DELETE', signal: AbortSignal.timeout(10_000) });
  await answer.body?.cancel();
  if (answer.ok) return true;
  if (answer.status === 404) return false;
  throw new Error(`DELETE ${url} answered ${String(answer.status)}`);
};

/**
 * Deletes subjects a run registered, for good: the Confluent API only deletes permanently
 * what was soft-deleted first. A subject never registered (a context whose service the run did
 * not start) answers 404 and is skipped: the names are derived, not listed, because the
 * registry lists at most 1,000 subjects and ignores `subjectPrefix`.
 */
export const removeSubjects = async (registryUrl: string, subjects: readonly string[]) => {
  await Promise.all(
    subjects.map(async (subject) => {
      if (await deleteSubject(registryUrl, subject, false))
        await deleteSubject(registryUrl, subject, true);
    }),
  );
};
