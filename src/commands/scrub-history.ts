// `ionq-env-setup scrub-history`: detect (the keys this machine knows, the history files) → plan (each
// file without the entries that expose a key) → confirm → apply (atomic, mode kept, re-planned if the
// shell appended meanwhile) → report. Lines are counted, never shown.
import type { System } from '../platform/system';
import type { Interaction } from '../core/interaction';
import { detectContext, type Context } from '../core/context';
import { knownKeys, scanKeyPlaces } from '../inventory/scan';
import { targetReport } from '../plans/changes';
import { emptyPlan, type FileChange } from '../core/plan';
import { applyPlan } from '../plans/apply';
import { keyFromFlags, type KeySourceOptions } from '../plans/key-source';
import { usageError } from '../platform/errors';
import type { CommandReport } from '../core/report';
import type { EditStatus } from '../rcfile/block';
import { scanHistory, scrubbed, type HistoryExposure } from '../history/scan';
import type { HistoryFormat } from '../history/formats';

export interface ScrubOptions extends KeySourceOptions {
  dryRun?: boolean | undefined;
  yes?: boolean | undefined;
}

export const REVOKE_EXPOSED =
  'A key that was ever in a history file (or anywhere else it could be read) should be revoked and replaced: create a new key in IonQ Quantum Cloud → API Keys, save it with npx ionq-env-setup, then revoke the old one.';

/** Shells that are still open keep their history in memory and may write it back when they exit. */
export const OPEN_SHELLS_NOTE = [
  'Shells that are still open remember these lines and may write them back when they close. In each of them:',
  '  bash, zsh, ksh: unset HISTFILE   (nothing is saved on exit; bash also: history -c, zsh: fc -p)',
  '  fish: history clear-session      tcsh: history -c; unset savehist',
  '  PowerShell: [Microsoft.PowerShell.PSConsoleReadLine]::ClearHistory()',
];

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What one file's lines are, in words (never the lines themselves). */
export function describeExposure(e: Pick<HistoryExposure, 'entries' | 'holdsKey' | 'assignsLiteral'>): string {
  const parts: string[] = [];
  if (e.holdsKey > 0) parts.push(`${e.holdsKey} with a known key`);
  if (e.assignsLiteral > 0) parts.push(`${e.assignsLiteral} giving a key variable a literal value`);
  return `${plural(e.entries.length, 'line')} (${parts.join(', ')})`;
}

function changeOf(e: HistoryExposure, keys: readonly string[]): FileChange {
  const format: HistoryFormat = e.file.format;
  // History files grow while shells run: at apply time the file is scrubbed again from its current bytes.
  const replan = (current: string | null): { after: string | null; status: EditStatus } => {
    if (current === null) return { after: null, status: 'unchanged' };
    const after = scrubbed(format, current, keys);
    return { after, status: after === current ? 'unchanged' : 'updated' };
  };
  const planned = replan(e.state.content);
  return { kind: 'file', target: 'history', file: e.state, after: planned.after, status: planned.status, mode: e.state.mode ?? 0o600, replan };
}

export async function runScrubHistory(sys: System, options: ScrubOptions, io: Interaction): Promise<CommandReport> {
  const ctx: Context = await detectContext(sys);
  const obtained = await keyFromFlags(sys, options);
  const extra = obtained ? [obtained.key] : [];
  const keys = knownKeys(await scanKeyPlaces(ctx, { includeExtra: true }), extra);
  const found = (await scanHistory(ctx, keys)).filter((e) => e.entries.length > 0 || e.state.problem);

  const plan = emptyPlan();
  plan.warnings.push(...(obtained?.warnings ?? []));
  const exposed: HistoryExposure[] = [];
  for (const e of found) {
    if (e.state.problem) {
      plan.warnings.push({ code: 'FILE_UNREADABLE', message: `Could not read ${ctx.label(e.state.path)}: ${e.state.problem}.`, path: e.state.path });
      continue;
    }
    exposed.push(e);
    plan.changes.push(changeOf(e, keys));
  }
  const total = exposed.reduce((n, e) => n + e.entries.length, 0);
  const files = exposed.map((e) => ({ path: e.state.path, format: e.file.format, lines: e.entries.length, holdsKey: e.holdsKey, assignsLiteral: e.assignsLiteral }));

  const reportOf = (statuses: readonly string[], dryRun: boolean): CommandReport => ({
    ok: true,
    command: 'scrub-history',
    targets: plan.changes.map((c, i) => targetReport(c, statuses[i]!, ctx.label, undefined, dryRun)),
    warnings: plan.warnings,
    next: [],
    data: { files, lines: total, removed: 0 },
    ...(dryRun ? { dryRun: true } : {}),
  });

  if (total === 0) {
    const report = reportOf([], false);
    report.next.push(`No history line holds a known key or gives a key variable a literal value${extra.length === 0 && keys.length === 0 ? ' (no key is known here: pass one with --key-stdin to look for its value too)' : ''}.`);
    return report;
  }
  const listing = exposed.map((e) => `  ${ctx.label(e.state.path)}: ${describeExposure(e)}`);

  if (options.dryRun) {
    const report = reportOf(plan.changes.map((c) => c.status), true);
    report.next.push(`Would remove ${plural(total, 'line')}:`, ...listing, 'Run without --dry-run to remove them.');
    return report;
  }

  if (!options.yes) {
    if (!io.interactive) {
      throw usageError(
        'CONFIRMATION_NEEDED',
        `scrub-history would remove ${plural(total, 'line')} from your shell history, and there is no terminal to ask first.`,
        'Add --yes to remove them (see them counted first with --dry-run).',
      );
    }
    io.info(`Found ${plural(total, 'history line')} that expose a key (not shown):\n${listing.join('\n')}\n`);
    if (!(await io.asker().confirm(`Remove ${total === 1 ? 'this line' : `these ${total} lines`}? Every other line stays as it is.`, true))) {
      const report = reportOf(plan.changes.map(() => 'unchanged'), false);
      report.next.push('Nothing was changed.');
      return report;
    }
  }

  const applied = await applyPlan(sys, plan, ctx.label);
  const report = reportOf(applied.map((a) => a.status), false);
  report.data = { files, lines: total, removed: total };
  report.next.push(`Removed ${plural(total, 'line')}:`, ...listing, '', REVOKE_EXPOSED, '', ...OPEN_SHELLS_NOTE);
  return report;
}
