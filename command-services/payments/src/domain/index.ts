export { accountDecider } from './account-decider.ts';
export { availableCredit, initialAccount, type Account, type OpenAccountState } from './account.ts';
export {
  paymentsCommandBody,
  type AuthorizePayment,
  type GrantCredit,
  type OpenAccount,
  type PaymentsCommand,
  type RefundPayment,
} from './commands.ts';
export { paymentsContext } from './context.ts';
export { decide } from './decide.ts';
export { evolve } from './evolve.ts';
