export { uniqueName } from './unique.ts';
export { closedPort } from './closed-port.ts';
export { switchableProxy, type SwitchableProxy } from './switchable-proxy.ts';
