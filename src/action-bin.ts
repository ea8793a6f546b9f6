// The GitHub Action's entry (dist/action.js): the runner starts it with its own Node, without arguments.
import { runAction } from './action';
import { createNodeSystem } from './system';

runAction(createNodeSystem()).then(
  (code) => {
    process.exitCode = code;
    if (!process.stdin.destroyed) process.stdin.destroy();
  },
  () => {
    process.exitCode = 1;
  },
);
