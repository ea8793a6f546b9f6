// The GitHub Action's entry (dist/action.js): the runner starts it with its own Node, without arguments.
import { runAction } from './action';
import { createNodeSystem, releaseStdin } from './system';

runAction(createNodeSystem()).then(
  (code) => {
    process.exitCode = code;
    releaseStdin();
  },
  () => {
    process.exitCode = 1;
  },
);
