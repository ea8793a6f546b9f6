// The GitHub Action's entry: dist/action.js calls runActionProcess() when the runner starts it with its
// own Node, without arguments. action.ts (and through it yargs) loads only then.
import { createNodeSystem, releaseStdin } from './system';

export function runActionProcess(): void {
  import('./action')
    .then(({ runAction }) => runAction(createNodeSystem()))
    .then(
      (code) => {
        process.exitCode = code;
        releaseStdin();
      },
      () => {
        process.exitCode = 1;
      },
    );
}
