#!/usr/bin/env node
// Entry point for `npx quorate`. Runs the compiled JavaScript in dist/server/ when it is current
// (built after the last change to src/: `npm run build`, which `npm start`, `npm test` and
// `npm ci` run). In a source checkout whose build is missing or older than src/, it runs the
// TypeScript sources through tsx's loader instead — the same behaviour, ~1.5 s slower to start —
// and says so when a person is watching (stderr is a terminal). A copy without src/ and without
// a build cannot run: it says what to do.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, buildState } from './server-build.js';

// React and Fastify run their production paths unless told otherwise (React's development build
// renders about three times slower).
process.env.NODE_ENV ??= 'production';
// `quorate … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const build = buildState();
let main;
if (build.state === 'current') {
  ({ main } = await import(pathToFileURL(build.entry).href));
} else if (existsSync(join(ROOT, 'src', 'cli', 'main.ts'))) {
  if (process.stderr.isTTY)
    process.stderr.write(
      `quorate: dist/server/ is ${build.state === 'stale' ? 'older than src/' : 'not built'}; running the sources through tsx (slower to start). "npm run build" compiles them.\n`,
    );
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
} else {
  process.stderr.write(`quorate: ${build.entry} is missing: run "npm run build" in ${ROOT}\n`);
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
