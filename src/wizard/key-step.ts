// The guided setup's key step: which key to save — one already on this machine, or a new one pasted
// (hidden) — and IonQ's answer about it. A key IonQ rejects is asked for again, up to MAX_KEY_TRIES;
// when IonQ cannot be reached, the person may save anyway (unless --verify demanded the check).
import type { System } from '../platform/system';
import type { Context } from '../core/context';
import type { Choice, Interaction } from '../core/interaction';
import { cancelled, CliError } from '../platform/errors';
import { maskKey } from '../key/mask';
import { keyProblem, type KeyProblem } from '../key/validate';
import { verifyKey, type KeyIdentity, type VerifyOutcome } from '../key/ionq-api';
import { describeIdentity, identityOf, verificationFailure } from '../key/verification';
import { keyFromFlags, keyFromText, type KeySourceOptions, type ObtainedKey } from '../plans/key-source';
import { reducePaste } from '../plans/key-paste';
import { keyChoices, type FoundKey } from '../inventory/existing-keys';
import { canAnimate, withSpinner } from './spinner';
import { offerKeysPage } from './keys-page';
import { say } from './text';

/** How many keys the wizard takes before it gives up on a key IonQ keeps rejecting. */
const MAX_KEY_TRIES = 3;

const KEY_PROMPT = 'Paste your IonQ API key (input is hidden):';
const KEY_CHOICE_PROMPT = 'Which key should new terminals get?';

const REFUSED: Record<KeyProblem, string> = {
  empty: 'Nothing was pasted.',
  whitespace: 'That has a space or line break inside it; IonQ keys never do. Copy only the key.',
  control: 'That has a control character in it; copy only the key.',
  'too-long': 'That is far longer than an IonQ key; copy only the key.',
  'not-unicode': 'That is not valid text; copy the key again.',
};

/** Asks for a key until a paste holds one a shell can keep; Enter alone leads to the keys page. */
async function pasteKey(sys: System, io: Interaction): Promise<ObtainedKey> {
  for (;;) {
    const raw = await io.asker().secret(KEY_PROMPT);
    if (raw.trim() === '') {
      await offerKeysPage(sys, io);
      continue;
    }
    const problem = keyProblem(reducePaste(raw).key);
    if (problem !== undefined) {
      say(io, `${io.colors.yellow('!')} ${REFUSED[problem]}\n`);
      continue;
    }
    const obtained = keyFromText(raw, 'the prompt');
    const taken = obtained.reduced === 'assignment' ? ' (taken out of the pasted line)' : obtained.reduced === 'quotes' ? ' (without the quotes around it)' : '';
    say(io, `${io.colors.green('✔')} Received ${maskKey(obtained.key)}${taken}.\n`);
    return obtained;
  }
}

const LABEL: Record<FoundKey['kind'], (k: FoundKey) => string> = {
  environment: (k) => `The key this terminal has (${k.masked})`,
  block: (k) => `The key saved in ${k.where} (${k.masked})`,
  'key-file': (k) => `The key saved in ${k.where} (${k.masked})`,
  keychain: (k) => `The key saved in the OS keychain (${k.masked})`,
  'hand-written': (k) => `The key on your line ${k.where} (${k.masked})`,
  windows: (k) => `The key in the Windows user environment (${k.masked})`,
};

/**
 * Asks IonQ about the key with a spinner on a terminal that can draw one. Ctrl+C here (no prompt is
 * active, so it arrives as SIGINT) cancels the request and the run: exit 130, nothing changed.
 */
async function checkWithSpinner(sys: System, key: string): Promise<VerifyOutcome> {
  const controller = new AbortController();
  let stopListening = (): void => undefined;
  const interrupted = new Promise<never>((_, reject) => {
    stopListening = sys.onInterrupt(() => {
      controller.abort();
      reject(cancelled());
    });
  });
  const work = verifyKey(sys, key, undefined, controller.signal);
  try {
    const animate = canAnimate(sys.stderr, sys.env);
    return await Promise.race([withSpinner(sys.stderr, 'Checking the key with IonQ…', work, { animate, platform: sys.platform }), interrupted]);
  } finally {
    stopListening();
  }
}

export interface ChosenKey {
  key: ObtainedKey;
  verified: KeyIdentity | false | undefined;
  /** The person picked (or pasted) this key knowing what was already set: replacing it needs no second question. */
  chosen: boolean;
}

export interface KeyStepOptions extends KeySourceOptions {
  verify?: boolean | undefined;
}

/** The key step: a flag's key, else the person's choice among the keys found or a pasted one; then IonQ's answer. */
export async function chooseKey(ctx: Context, found: readonly FoundKey[], options: KeyStepOptions, io: Interaction, onKey: (key: string) => void): Promise<ChosenKey> {
  const flagged = await keyFromFlags(ctx.sys, options);
  let offered = keyChoices(found);
  let wantsNew = false;
  let rejected = 0;
  for (;;) {
    let key: ObtainedKey;
    if (flagged) key = flagged;
    else if (offered.length > 0 && !wantsNew) {
      const choices: Choice<FoundKey | undefined>[] = [...offered.map((k) => ({ value: k, name: LABEL[k.kind](k) })), { value: undefined, name: 'A new key (paste it)' }];
      const picked = await io.asker().select(KEY_CHOICE_PROMPT, choices, offered[0]);
      if (picked === undefined) {
        wantsNew = true;
        continue;
      }
      try {
        key = keyFromText(picked.value!, picked.where);
      } catch (error) {
        // A value a shell cannot hold byte for byte (a space inside…) is not offered again.
        if (!(error instanceof CliError)) throw error;
        say(io, `${io.colors.yellow('!')} ${error.message}\n`);
        offered = offered.filter((k) => k !== picked);
        continue;
      }
    } else key = await pasteKey(ctx.sys, io);
    onKey(key.key);
    if (options.verify === false) return { key, verified: undefined, chosen: !flagged };
    const masked = maskKey(key.key);
    const outcome = await checkWithSpinner(ctx.sys, key.key);
    if (outcome.kind === 'valid') {
      const identity = identityOf(outcome);
      say(io, `${io.colors.green('✔')} IonQ accepted the key ${masked}: ${describeIdentity(identity)}.\n\n`);
      return { key, verified: identity, chosen: !flagged };
    }
    if (outcome.kind === 'unavailable') {
      const failure = verificationFailure(outcome, masked, ctx.sys.env, 'saving');
      // --verify on the command line makes the check required; the wizard's own check is not.
      if (options.verify === true) throw failure;
      const checking = verificationFailure(outcome, masked, ctx.sys.env, 'checking');
      say(io, `${io.colors.yellow('!')} ${checking.message}\n  ${checking.hint ?? ''}\n`);
      if (await io.asker().confirm(`Save the key ${masked} anyway, without checking it?`, true)) return { key, verified: false, chosen: !flagged };
      throw failure;
    }
    rejected++;
    if (flagged || rejected >= MAX_KEY_TRIES) throw verificationFailure(outcome, masked, ctx.sys.env, 'saving');
    const left = MAX_KEY_TRIES - rejected;
    say(io, `${io.colors.red('✖')} ${verificationFailure(outcome, masked, ctx.sys.env, 'checking').message}\n  Copy the key again from IonQ Quantum Cloud → API Keys (${left} ${left === 1 ? 'try' : 'tries'} left).\n`);
    // A key found here that IonQ refuses is not offered again; the next one is pasted.
    offered = offered.filter((k) => k.value !== key.key);
    wantsNew = offered.length === 0 || wantsNew;
  }
}
