import { paymentsEventSchemas, type PaymentsEvent } from '@orderflow/contracts';
import type { CommandContext } from '@orderflow/kernel';
import { accountDecider } from './account-decider.ts';
import type { Account } from './account.ts';
import { paymentsCommandBody, type PaymentsCommand } from './commands.ts';

export const paymentsContext: CommandContext<PaymentsCommand, PaymentsEvent, Account> = {
  name: 'payments',
  decider: accountDecider,
  commandBody: paymentsCommandBody,
  eventSchemas: paymentsEventSchemas,
  snapshotVersion: 1,
};
