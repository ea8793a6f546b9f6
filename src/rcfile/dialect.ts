/** The four languages of the files the tool edits; every supported shell speaks one of them. */
export type Dialect = 'posix' | 'fish' | 'tcsh' | 'pwsh';

export const DIALECTS: readonly Dialect[] = ['posix', 'fish', 'tcsh', 'pwsh'];
