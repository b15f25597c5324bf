import type { PaymentsEvent } from '@orderflow/contracts';
import type { Decider } from '@orderflow/kernel';
import { initialAccount, type Account } from './account.ts';
import type { PaymentsCommand } from './commands.ts';
import { decide } from './decide.ts';
import { evolve } from './evolve.ts';

export const accountDecider: Decider<PaymentsCommand, PaymentsEvent, Account> = {
  initialState: initialAccount,
  decide,
  evolve,
};
