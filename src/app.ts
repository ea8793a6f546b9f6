// Everything dist/app.cjs holds: the whole application as one CommonJS bundle. dist/cli.cjs loads it
// through V8's code cache (code-cache.ts), dist/index.js re-exports its API, dist/action.js runs the
// GitHub Action from it. yargs, Inquirer and execa are bundled apart (dist/vendor/) and required only on
// the paths that use them; nothing here may import them statically.
export * from './index';
export { main } from './main';
export { runActionProcess } from './action-bin';
export { allOutputWritten } from './output';
