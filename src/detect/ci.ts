/**
 * CI systems. `github`, `azure` and `circleci` have a channel that hands a variable to the job's later steps;
 * `gitlab` and `generic` (Jenkins, Buildkite, TeamCity, Bitbucket, any `CI=true`) have none.
 */
export type CiKind = 'github' | 'azure' | 'circleci' | 'gitlab' | 'generic';

/** CI kinds whose channel this tool can write (the targets of the same names). */
export type CiChannelKind = 'github' | 'azure' | 'circleci';
const CI_CHANNELS: readonly CiChannelKind[] = ['github', 'azure', 'circleci'];
export const isCiChannel = (kind: string | undefined): kind is CiChannelKind => CI_CHANNELS.includes(kind as CiChannelKind);

type Env = Readonly<Record<string, string | undefined>>;

const truthy = (v: string | undefined): boolean => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

/** Files detection must look at (the GitHub runner's env file), so the caller can stat them up front. */
export function ciFilesToCheck(env: Env): string[] {
  return env.GITHUB_ACTIONS === 'true' && env.GITHUB_ENV ? [env.GITHUB_ENV] : [];
}

/**
 * Which CI this process runs in, from each vendor's own variables and the capability its channel needs
 * (pure: `isFile` answers from files stat'ed beforehand). A vendor whose channel is missing — GitHub
 * without a GITHUB_ENV file, CircleCI without BASH_ENV — counts as a CI without a channel ('generic').
 */
export function detectCi(env: Env, isFile: (path: string) => boolean = () => true): CiKind | undefined {
  if (env.GITHUB_ACTIONS === 'true') return env.GITHUB_ENV && isFile(env.GITHUB_ENV) ? 'github' : 'generic';
  if (env.TF_BUILD === 'True' || env.TF_BUILD === 'true') return 'azure';
  if (env.CIRCLECI === 'true') return env.BASH_ENV ? 'circleci' : 'generic';
  if (env.GITLAB_CI === 'true') return 'gitlab';
  if (truthy(env.CI)) return 'generic';
  if (env.JENKINS_URL || env.TEAMCITY_VERSION || env.BUILDKITE === 'true') return 'generic';
  return undefined;
}

export const CI_LABEL: Readonly<Record<CiKind, string>> = {
  github: 'GitHub Actions',
  azure: 'Azure Pipelines',
  circleci: 'CircleCI',
  gitlab: 'GitLab CI',
  generic: 'a CI system',
};

/** The vendor's name for messages, even when its channel is missing (then detectCi says 'generic'). */
export function ciVendorLabel(env: Env): string {
  if (env.GITHUB_ACTIONS === 'true') return 'GitHub Actions';
  if (env.CIRCLECI === 'true') return 'CircleCI';
  if (env.JENKINS_URL) return 'Jenkins';
  if (env.TEAMCITY_VERSION) return 'TeamCity';
  if (env.BUILDKITE === 'true') return 'Buildkite';
  if (env.BITBUCKET_BUILD_NUMBER) return 'Bitbucket Pipelines';
  if (env.TRAVIS === 'true') return 'Travis CI';
  return 'This CI system';
}
