/** CI systems with a channel to later steps, and those without one. */
export type CiKind = 'github' | 'azure' | 'circleci' | 'gitlab' | 'generic';

/** Which CI this process runs in, from each vendor's own variables (pure). */
export function detectCi(env: Readonly<Record<string, string | undefined>>): CiKind | undefined {
  if (env.GITHUB_ACTIONS === 'true') return 'github';
  if (env.TF_BUILD === 'True' || env.TF_BUILD === 'true') return 'azure';
  if (env.CIRCLECI === 'true') return 'circleci';
  if (env.GITLAB_CI === 'true') return 'gitlab';
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return 'generic';
  if (env.BUILD_NUMBER && env.JENKINS_URL) return 'generic';
  return undefined;
}

export const CI_LABEL: Readonly<Record<CiKind, string>> = {
  github: 'GitHub Actions',
  azure: 'Azure Pipelines',
  circleci: 'CircleCI',
  gitlab: 'GitLab CI',
  generic: 'a CI system',
};
