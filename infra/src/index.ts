export { up, down, status, reset, createComponents } from './stack.ts';
export { InfraError } from './infra-error.ts';
export { layout } from './layout.ts';
