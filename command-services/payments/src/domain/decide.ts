import { DomainError } from '@orderflow/kernel';
import type { PaymentDeclineReason, PaymentsEvent } from '@orderflow/contracts';
import {
  authorizedAmount,
  availableCredit,
  type Account,
  type OpenAccountState,
} from './account.ts';
import type {
  AuthorizePayment,
  GrantCredit,
  OpenAccount,
  PaymentsCommand,
  RefundPayment,
} from './commands.ts';

export const decide = (command: PaymentsCommand, account: Account): PaymentsEvent[] => {
  switch (command.type) {
    case 'OpenAccount':
      return openAccount(command, account);
    case 'GrantCredit':
      return grantCredit(command, account);
    case 'AuthorizePayment':
      return authorizePayment(command, account);
    case 'RefundPayment':
      return refundPayment(command, account);
    default:
      return unknownCommand(command);
  }
};

const openAccount = (command: OpenAccount, account: Account): PaymentsEvent[] => {
  const customerId = command.metadata.aggregateId;
  if (account.status !== 'Unknown') {
    throw new DomainError('ACCOUNT_ALREADY_OPEN', `account ${customerId} is already open`);
  }
  const { creditLimit, currency } = command.data;
  return [{ type: 'AccountOpened', data: { customerId, creditLimit, currency } }];
};

const grantCredit = (command: GrantCredit, account: Account): PaymentsEvent[] => {
  const customerId = command.metadata.aggregateId;
  const open = requireOpen(account, customerId);
  const { amount } = command.data;
  const creditLimitAfter = open.creditLimit + amount;
  // Beyond 2^53 an Avro long no longer round-trips through a JS number: refuse, never round.
  if (!Number.isSafeInteger(creditLimitAfter)) {
    throw new DomainError(
      'CREDIT_LIMIT_TOO_LARGE',
      `raising the credit limit of ${customerId} by ${amount} exceeds the largest exact amount`,
    );
  }
  return [{ type: 'CreditGranted', data: { customerId, amount, creditLimitAfter } }];
};

// A refusal here is an event, not a DomainError: the order saga must hear of it to reject the order.
const authorizePayment = (command: AuthorizePayment, account: Account): PaymentsEvent[] => {
  const customerId = command.metadata.aggregateId;
  const { orderId, amount, currency } = command.data;
  const declined = (reason: PaymentDeclineReason, available: number): PaymentsEvent[] => [
    { type: 'PaymentDeclined', data: { customerId, orderId, amount, currency, available, reason } },
  ];
  if (account.status !== 'Open') return declined('ACCOUNT_NOT_FOUND', 0);
  // The saga may retry; a payment already holding credit for this order is the answer already given.
  if (authorizedAmount(account, orderId) !== undefined) return [];
  const available = availableCredit(account);
  if (currency !== account.currency) return declined('CURRENCY_MISMATCH', available);
  if (amount > available) return declined('INSUFFICIENT_CREDIT', available);
  return [
    {
      type: 'PaymentAuthorized',
      data: { customerId, orderId, amount, currency, availableAfter: available - amount },
    },
  ];
};

const refundPayment = (command: RefundPayment, account: Account): PaymentsEvent[] => {
  const customerId = command.metadata.aggregateId;
  const open = requireOpen(account, customerId);
  const { orderId } = command.data;
  const amount = authorizedAmount(open, orderId);
  // Compensations are retried until they succeed: nothing (left) to refund is success, not an error.
  if (amount === undefined) return [];
  return [
    {
      type: 'PaymentRefunded',
      data: { customerId, orderId, amount, availableAfter: availableCredit(open) + amount },
    },
  ];
};

const requireOpen = (account: Account, customerId: string): OpenAccountState => {
  if (account.status !== 'Open') {
    throw new DomainError('ACCOUNT_NOT_FOUND', `no account is open for customer ${customerId}`);
  }
  return account;
};

const unknownCommand = (command: never): never => {
  throw new Error(`unknown payments command ${JSON.stringify(command)}`);
};
