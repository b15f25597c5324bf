#!/usr/bin/env node
// The CLI is TypeScript like the rest of the repository; tsx compiles it as it loads.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
