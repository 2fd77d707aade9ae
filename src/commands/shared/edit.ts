/** Editing one card from `study` (key e) and `edit ID`: the right file, the editor, and a check of the result. */
import { resolve } from 'node:path';
import type { Card } from '../../core/deck.js';
import type { Collection } from '../../store/decks.js';
import { displayPath } from '../../store/decks.js';
import { problemLine, t } from '../../ui/messages.js';
import { type Context, loadDecks } from './context.js';
import { editTarget, runEditor } from './overrides.js';

export type EditResult = { ok: true; col: Collection; message: string } | { ok: false; message: string };

/**
 * Opens the card where an edit survives (an override for a bundled or imported card), then reads
 * the decks again. Not ok, with one line saying why (file, line, what is wrong), when no editor
 * ran, or the edited file no longer gives this card; the caller keeps the card as it was.
 */
export function editCard(ctx: Context, col: Collection, card: Card, env: NodeJS.ProcessEnv = process.env): EditResult {
  const target = editTarget(ctx.data, col, card);
  const run = runEditor(target.file, target.line, env);
  // No editor ran: nothing changed on disk but the copy, which says what the original says.
  if (!run.ran) return { ok: false, message: run.message ?? '' };
  const next = loadDecks(ctx, true);
  const file = resolve(target.file);
  const broken = next.problems.find((p) => p.severity === 'error' && resolve(p.file) === file);
  const edited = next.byId.get(card.id);
  if (broken || !edited) {
    const what = broken
      ? problemLine(broken)
      : t('edit.gone', { where: `${displayPath(target.file)}:${target.line}`, card: card.id });
    return { ok: false, message: t('edit.broken', { problem: what }) };
  }
  const done = t(target.copied ? 'edit.copied' : 'edit.done', { card: card.id, file: displayPath(target.file) });
  return { ok: true, col: next, message: run.message ? `${run.message} ${done}` : done };
}
