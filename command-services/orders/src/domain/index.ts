export * from './commands.ts';
export { ordersContext } from './context.ts';
export { orderDecider } from './decider.ts';
export { decide } from './decide.ts';
export { evolve } from './evolve.ts';
export * from './order.ts';
