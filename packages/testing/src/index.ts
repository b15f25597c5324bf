export { uniqueName } from './unique.ts';
