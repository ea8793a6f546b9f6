// GitLab CI and most other CI systems have no way for one step to hand a variable to the next: each job
// script runs in its own shell, and GitLab's dotenv artifacts are readable by anyone who can see the
// pipeline. So `--target auto` there stops (exit 2) and says what works instead.
import type { CiKind } from '../../detect/ci';
import { ciVendorLabel } from '../../detect/ci';
import { CliError, ExitCode } from '../../platform/errors';
import { KEY_VARIABLE } from '../../key/variables';

type Env = Readonly<Record<string, string | undefined>>;

/** Why there is no channel here, in the CI's own terms (pure). */
function noChannelReason(ci: CiKind, env: Env): string {
  if (ci === 'gitlab') return 'GitLab CI has no channel that hands a secret variable from one job step to the next';
  if (env.GITHUB_ACTIONS === 'true') return 'GitHub Actions is running this, but GITHUB_ENV does not name a file (are you inside a container started by the step?), so later steps cannot be reached';
  if (env.CIRCLECI === 'true') return 'CircleCI is running this, but BASH_ENV is not set, so later steps cannot be reached';
  return `${ciVendorLabel(env)} (CI is set) has no channel this tool knows for handing a variable to later steps`;
}

/** The exit-2 error for --target auto in a CI without a channel: nothing is written, the choices are named. */
export function noChannelError(ci: CiKind, env: Env): CliError {
  const mapping = ci === 'gitlab' ? ' (a masked CI/CD variable named IONQ_API_KEY is already in every job\'s environment)' : '';
  const hint = [
    'Choose one:',
    `  - map the CI secret to ${KEY_VARIABLE} in the pipeline file, for each job that needs it${mapping};`,
    '  - in the same script that needs the key: npx ionq-env-setup --from-env NAME --dotenv ionq.env && set -a && . ./ionq.env && set +a',
    '  - or --target shell, to write shell startup files anyway.',
    '  See docs/ci.md.',
  ].join('\n');
  return new CliError('NO_CI_CHANNEL', `${noChannelReason(ci, env)}. Nothing was written.`, { exitCode: ExitCode.usage, hint });
}
