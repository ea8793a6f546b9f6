// Azure Pipelines: a `task.setvariable … issecret=true` logging command on stdout makes a secret pipeline
// variable for the later steps of the job. Secret variables are not put into a step's environment on their
// own: each step that needs the key maps it with `env: { IONQ_API_KEY: $(IONQ_API_KEY) }`.
import type { StdoutChange } from '../../core/plan';
import { azureSetSecretCommand } from './commands';
import { KEY_VARIABLE } from '../../key/variables';

export function planAzureVariable(key: string): StdoutChange {
  return { kind: 'stdout', target: 'azure', status: 'updated', lines: [azureSetSecretCommand(key)] };
}

/** What a later step must say to see the key (shown after a successful run). */
export const AZURE_ENV_MAPPING = `env:\n  ${KEY_VARIABLE}: $(${KEY_VARIABLE})`;
