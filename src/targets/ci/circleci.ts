// CircleCI: every `run` step starts bash with BASH_ENV pointing at one file, which bash sources first.
// Appending an export there hands the key to the job's later steps.
import type { AppendChange } from '../../core/plan';
import { assignmentLine } from '../shell/block-body';
import { usageError } from '../../platform/errors';

export function circleciBashEnvFile(env: Readonly<Record<string, string | undefined>>): string {
  const file = env.BASH_ENV;
  if (!file) {
    throw usageError('NOT_CIRCLECI', '--target circleci needs BASH_ENV, the file CircleCI\'s bash sources before each step; it is not set here.', 'Run this inside a CircleCI job, or choose another --target.');
  }
  return file;
}

/** Plans appending `export IONQ_API_KEY='…'` (POSIX quoting) to $BASH_ENV, creating it 0600 if missing. */
export function planBashEnv(bashEnvFile: string, key: string, exists: boolean): AppendChange {
  return {
    kind: 'append',
    target: 'circleci',
    status: exists ? 'updated' : 'created',
    path: bashEnvFile,
    text: assignmentLine('posix', key) + '\n',
    createMode: 0o600,
  };
}
