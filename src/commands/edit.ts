/** `llm-quiz edit ID`: the card in $EDITOR, where the edit survives (a copy for bundled and imported cards). */
import { UserError } from '../errors.js';
import { type GlobalOptions, loadDecks, makeContext } from './shared/context.js';
import { editCard } from './shared/edit.js';
import { requireCard } from './shared/selection.js';

export async function runEdit(id: string, o: GlobalOptions): Promise<number> {
  const ctx = makeContext(o);
  const col = loadDecks(ctx, true);
  const card = requireCard(col.byId, id);
  const r = editCard(ctx, col, card);
  if (!r.ok) throw new UserError(r.message);
  process.stdout.write(`${r.message}\n`);
  return 0;
}
