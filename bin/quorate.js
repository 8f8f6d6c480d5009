#!/usr/bin/env node
// Entry point for `npx quorate`: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

// React and Fastify run their production paths unless told otherwise (React's development build
// renders about three times slower).
process.env.NODE_ENV ??= 'production';
// `quorate … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
