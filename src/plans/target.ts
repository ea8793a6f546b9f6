/** The values of --target (kept apart from plan-set.ts so the CLI can list them without loading it). */
export type TargetOption = 'auto' | 'shell' | 'windows' | 'github' | 'azure' | 'circleci' | 'dotenv';
export const TARGET_OPTIONS: readonly TargetOption[] = ['auto', 'shell', 'windows', 'github', 'azure', 'circleci', 'dotenv'];
