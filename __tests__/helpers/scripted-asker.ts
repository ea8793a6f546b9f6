// An Asker that plays a script: each expected prompt, in order, with the answer to give. A prompt that
// is not the next one in the script (or comes after the script ended) fails the test — even if the CLI
// turns the thrown error into an exit code, because `finish()` reports it again.
import type { Asker, Choice } from '../../src/core/interaction';
import { cancelled } from '../../src/platform/errors';

type Kind = 'secret' | 'confirm' | 'checkbox' | 'select';

export interface Step {
  kind: Kind;
  /** Matches the prompt's message. */
  message: RegExp;
  /** The answer (for select: or a function that picks it from the choices); `cancel` acts like Ctrl+C / Esc on that prompt. */
  answer: string | boolean | unknown[] | 'cancel' | ((choices: readonly Choice<unknown>[]) => unknown);
  /** For confirm: the default the prompt must offer. */
  expectDefault?: boolean;
  /** For select: the pre-selected value the prompt must offer (a function: a check of it, throwing to fail). */
  expectSelectDefault?: unknown;
  /** For checkbox/select: checks the choices offered (throw to fail). */
  expectChoices?: (choices: readonly Choice<unknown>[]) => void;
}

export const secret = (message: RegExp, answer: string | 'cancel'): Step => ({ kind: 'secret', message, answer });
export const confirm = (message: RegExp, answer: boolean | 'cancel', expectDefault?: boolean): Step => ({
  kind: 'confirm',
  message,
  answer,
  ...(expectDefault === undefined ? {} : { expectDefault }),
});
export const checkbox = (message: RegExp, answer: unknown[] | 'cancel', expectChoices?: Step['expectChoices']): Step => ({
  kind: 'checkbox',
  message,
  answer,
  ...(expectChoices ? { expectChoices } : {}),
});

export const select = (message: RegExp, answer: unknown | 'cancel', expectDefault?: unknown, expectChoices?: Step['expectChoices']): Step => ({
  kind: 'select',
  message,
  answer: answer as Step['answer'],
  ...(expectDefault === undefined ? {} : { expectSelectDefault: expectDefault }),
  ...(expectChoices ? { expectChoices } : {}),
});

export interface ScriptedAsker {
  /** Pass to runInProcess as `asker`. */
  factory: () => Asker;
  /** Every prompt seen, in order (message text). */
  asked: string[];
  /** Throws if a prompt was unexpected or the script was not played to the end. */
  finish(): void;
}

export function scriptedAsker(script: readonly Step[]): ScriptedAsker {
  const queue = [...script];
  const asked: string[] = [];
  const problems: string[] = [];
  const next = (kind: Kind, message: string): Step => {
    asked.push(message);
    const step = queue.shift();
    if (!step) {
      problems.push(`unexpected ${kind} prompt after the script ended: "${message}"`);
      throw new Error(problems.at(-1));
    }
    if (step.kind !== kind || !step.message.test(message)) {
      problems.push(`expected a ${step.kind} prompt matching ${step.message}, got ${kind}: "${message}"`);
      throw new Error(problems.at(-1));
    }
    if (step.answer === 'cancel') throw cancelled();
    return step;
  };
  const asker: Asker = {
    async secret(message) {
      return next('secret', message).answer as string;
    },
    async confirm(message, defaultAnswer) {
      const step = next('confirm', message);
      if (step.expectDefault !== undefined && step.expectDefault !== defaultAnswer) {
        problems.push(`"${message}" offered default ${defaultAnswer}, expected ${step.expectDefault}`);
        throw new Error(problems.at(-1));
      }
      return step.answer as boolean;
    },
    async checkbox<T>(message: string, choices: readonly Choice<T>[]) {
      const step = next('checkbox', message);
      step.expectChoices?.(choices as readonly Choice<unknown>[]);
      return step.answer as T[];
    },
    async select<T>(message: string, choices: readonly Choice<T>[], defaultValue?: T) {
      const step = next('select', message);
      if (typeof step.expectSelectDefault === 'function') (step.expectSelectDefault as (value: unknown) => void)(defaultValue);
      else if ('expectSelectDefault' in step && step.expectSelectDefault !== defaultValue) {
        problems.push(`"${message}" pre-selected ${String(defaultValue)}, expected ${String(step.expectSelectDefault)}`);
        throw new Error(problems.at(-1));
      }
      step.expectChoices?.(choices as readonly Choice<unknown>[]);
      return (typeof step.answer === 'function' ? step.answer(choices as readonly Choice<unknown>[]) : step.answer) as T;
    },
  };
  return {
    factory: () => asker,
    asked,
    finish() {
      if (problems.length > 0) throw new Error(`Prompt script failed: ${problems.join('; ')}`);
      if (queue.length > 0) throw new Error(`Prompts never asked: ${queue.map((s) => `${s.kind} ${s.message}`).join(', ')}`);
    },
  };
}

/** A select answer: the value of the choice whose name matches `name` (for choices whose values are objects). */
export const choiceNamed =
  (name: RegExp) =>
  (choices: readonly Choice<unknown>[]): unknown => {
    const found = choices.find((c) => name.test(c.name));
    if (!found) throw new Error(`no choice named ${name} among: ${choices.map((c) => c.name).join(' | ')}`);
    return found.value;
  };
