#!/usr/bin/env node
// The `opsdesk` command. opsdesk is written in TypeScript and runs through tsx's loader,
// so there is no build step between a checkout and `npm start`.
import { register } from 'tsx/esm/api';

register();
await import('../doors/cli/main.ts');
