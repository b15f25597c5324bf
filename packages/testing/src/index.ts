export { uniqueName } from './unique.ts';
export { closedPort } from './closed-port.ts';
