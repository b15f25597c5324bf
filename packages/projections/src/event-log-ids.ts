import type { IHeaders } from 'kafkajs';
import { header } from '@orderflow/kernel';

const text = (headers: IHeaders | undefined, name: string) => {
  const value = headers?.[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single?.toString();
};

/** The ids a log line about an event carries, read from its headers (absent ones left out). */
export const eventLogIds = (headers: IHeaders | undefined) => {
  const ids = {
    eventId: text(headers, header.id),
    commandId: text(headers, header.commandId),
    correlationId: text(headers, header.correlationId),
    causationId: text(headers, header.causationId),
  };
  return Object.fromEntries(Object.entries(ids).filter(([, value]) => value !== undefined));
};
