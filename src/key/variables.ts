/** The variable this tool manages. */
export const KEY_VARIABLE = 'IONQ_API_KEY';

/**
 * Variables IonQ SDKs read before (or instead of) IONQ_API_KEY: a stale one silently wins over the key
 * the user just saved. qiskit-ionq reads QISKIT_IONQ_API_TOKEN, then IONQ_API_KEY, then IONQ_API_TOKEN;
 * cirq-ionq reads CIRQ_IONQ_API_KEY first; PennyLane-IonQ reads PENNYLANE_IONQ_API_KEY first.
 */
export const SHADOWING_VARIABLES = [
  { name: 'QISKIT_IONQ_API_TOKEN', sdk: 'qiskit-ionq', readFirst: true },
  { name: 'CIRQ_IONQ_API_KEY', sdk: 'cirq-ionq', readFirst: true },
  { name: 'PENNYLANE_IONQ_API_KEY', sdk: 'PennyLane-IonQ', readFirst: true },
  { name: 'IONQ_API_TOKEN', sdk: 'qiskit-ionq', readFirst: false },
] as const;

export const ALL_KEY_VARIABLES: readonly string[] = [KEY_VARIABLE, ...SHADOWING_VARIABLES.map((v) => v.name)];
