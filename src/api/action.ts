// The GitHub Action (action.yml → dist/action.js, run by the runner's own Node). The runner passes each
// input as INPUT_<NAME> with the name upper-cased and spaces made underscores, hyphens kept
// (`api-key` → `INPUT_API-KEY`). This maps the inputs onto the CLI's `set --target github` and writes the
// step's outputs to $GITHUB_OUTPUT.
import { main } from '../cli/main';
import { createNodeSystem, type System } from '../platform/system';
import { ExitCode } from '../platform/errors';
import { githubErrorCommand } from '../targets/ci/commands';
import { newGithubDelimiter, renderGithubFileEntry } from '../targets/ci/github-actions';
import { applyAppend } from '../targets/ci/append-file';
import type { CommandReport } from '../core/report';

type Env = Readonly<Record<string, string | undefined>>;

/** The runner's name for an input's variable (as @actions/core's getInput computes it). */
export const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

const input = (env: Env, name: string): string => (env[inputVariable(name)] ?? '').trim();

/** The variable the key input is handed to the CLI through (--from-env needs a name without a hyphen). */
const KEY_INPUT_VARIABLE = 'INPUT_API_KEY';

/** YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts them. */
function booleanInput(env: Env, name: string): boolean | undefined {
  const raw = input(env, name);
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  if (['false', 'False', 'FALSE'].includes(raw)) return false;
  if (raw === '') return undefined;
  throw new Error(`Input ${name} must be true or false.`);
}

/** The CLI's argv and environment for the action's inputs (pure). */
export function actionInvocation(env: Env): { argv: string[]; env: Record<string, string | undefined> } {
  const argv = ['set', '--target', 'github'];
  const childEnv: Record<string, string | undefined> = { ...env };
  const key = env[inputVariable('api-key')];
  // An empty api-key input falls back to IONQ_API_KEY from the step's env (the CLI's own CI rule).
  if (key !== undefined && key.trim() !== '') {
    childEnv[KEY_INPUT_VARIABLE] = key;
    argv.push('--from-env', KEY_INPUT_VARIABLE);
  }
  const verify = booleanInput(env, 'verify');
  argv.push(verify === false ? '--no-verify' : '--verify');
  return { argv, env: childEnv };
}

/** Writes the step's outputs (key-name) to $GITHUB_OUTPUT, in the runner's heredoc form. */
async function writeOutputs(sys: System, report: CommandReport): Promise<void> {
  const file = sys.env.GITHUB_OUTPUT;
  if (!file) return;
  const verified = report.key?.verified;
  const keyName = verified ? verified.keyName ?? '' : '';
  const text = renderGithubFileEntry('key-name', keyName, newGithubDelimiter());
  await applyAppend(sys, { kind: 'append', target: 'github', status: 'updated', path: file, text }, '$GITHUB_OUTPUT');
}

async function runAction(sysIn: System): Promise<number> {
  let invocation: ReturnType<typeof actionInvocation>;
  try {
    invocation = actionInvocation(sysIn.env);
  } catch (error) {
    sysIn.stdout.write(githubErrorCommand((error as Error).message) + '\n');
    return ExitCode.usage;
  }
  const sys: System = { ...sysIn, env: invocation.env };
  let report: CommandReport | undefined;
  const code = await main(invocation.argv, sys, { onReport: (r) => (report = r) });
  if (code !== ExitCode.ok || !report) return code;
  try {
    await writeOutputs(sys, report);
  } catch {
    sysIn.stdout.write(githubErrorCommand('Could not write the step outputs to $GITHUB_OUTPUT.') + '\n');
    return ExitCode.failed;
  }
  return code;
}

/** The entry dist/action.js runs: the runner starts it with its own Node, without arguments. */
export function runActionProcess(): void {
  runAction(createNodeSystem()).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 1;
    },
  );
}
