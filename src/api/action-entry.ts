// dist/action.js, the GitHub Action's entry (action.yml): the runner starts it with its own Node.
import { runActionProcess } from './action';

runActionProcess();
