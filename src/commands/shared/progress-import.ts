import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ParsedExport, parseProgressExport } from '../../core/export.js';
import { type CardProgress, compareEvents, foldEvents, type ProgressEvent } from '../../core/progress.js';
import { normalizeSettings } from '../../core/settings.js';
import { UserError } from '../../errors.js';
import { ProgressStore } from '../../store/progress-store.js';
import { deviceName } from '../../store/users.js';
import { t } from '../../ui/messages.js';
import { type GlobalOptions, makeContext } from './context.js';

/** Largest export accepted: about 400,000 reviews. Bigger is not an export of ours. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
/** Events per durable append: bounds one write, while a crash mid-import is simply re-run. */
const APPEND_CHUNK = 1000;

export interface ImportProgressOptions extends GlobalOptions {
  dryRun?: boolean;
  json?: boolean;
}

/** Reads and validates an export file (size limit first, then shape and every event). */
export function readExportFile(file: string, maxBytes = MAX_IMPORT_BYTES): { parsed: ParsedExport; text: string } {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(file);
  } catch {
    throw new UserError(t('progress.notFile', { file }));
  }
  if (st.isDirectory()) throw new UserError(t('progress.notFile', { file }));
  // A FIFO, socket or device (opening a FIFO waits for a writer): the message `import` gives.
  if (!st.isFile()) throw new UserError(t('import.notRegular', { path: file }));
  const size = st.size;
  if (size > maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 0);
    throw new UserError(t('progress.tooBig', { file, size: mb(size), max: mb(maxBytes) }));
  }
  const text = readFileSync(file, 'utf8');
  const parsed = parseProgressExport(text);
  if (typeof parsed === 'string') throw new UserError(t('progress.invalid', { file, reason: parsed }));
  return { parsed, text };
}

const sameState = (a: CardProgress | undefined, b: CardProgress | undefined) =>
  JSON.stringify(a?.fsrs ?? null) === JSON.stringify(b?.fsrs ?? null) &&
  (a?.suspended ?? false) === (b?.suspended ?? false) &&
  (a?.buriedUntil ?? null) === (b?.buriedUntil ?? null);

/**
 * `llm-quiz import-progress FILE` (and `llm-quiz import` of a json export): merges the export's
 * events into the selected user by id. Events already present are skipped, so importing twice
 * changes nothing and two machines' exports merge to the same state in either order. New events
 * go to their own log, `logs/import-<device>-<hash>.jsonl`: written only by this device, and
 * removable as a whole to take the import back.
 */
export async function runImportProgress(file: string, o: ImportProgressOptions): Promise<number> {
  const ctx = makeContext(o);
  const { parsed, text } = readExportFile(file);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  const store = ProgressStore.open(ctx.data, ctx.user, {
    create: !o.dryRun,
    device: `import-${deviceName()}-${hash}`.slice(0, 100),
  });
  const local = new Map<string, string>();
  const localEvents = store.readAllEvents();
  for (const e of localEvents) local.set(e.id, JSON.stringify(e));

  const fresh: ProgressEvent[] = [];
  const seen = new Set<string>();
  let known = 0;
  let conflicts = 0;
  for (const e of parsed.events) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    const mine = local.get(e.id);
    if (mine === undefined) fresh.push(e);
    else {
      known++;
      if (mine !== JSON.stringify(e)) conflicts++;
    }
  }
  fresh.sort(compareEvents);
  const cards = new Set(fresh.map((e) => e.card));
  const after = foldEvents([...localEvents, ...fresh], store.replay);
  const changed = [...cards].filter((id) => !sameState(store.progress.get(id), after.get(id))).length;

  const settingsFile = join(store.dir, 'settings.json');
  const adoptSettings = parsed.settings !== undefined && !existsSync(settingsFile);
  const normalized = parsed.settings ? normalizeSettings(parsed.settings) : undefined;

  const log = join(store.logsDir, `${store.device}.jsonl`);
  if (!o.dryRun) {
    if (fresh.length > 0) {
      store.backupDaily(ctx.now);
      for (let i = 0; i < fresh.length; i += APPEND_CHUNK) store.append(...fresh.slice(i, i + APPEND_CHUNK));
      store.saveSnapshot();
    }
    if (adoptSettings && normalized) store.saveSettings(normalized.settings);
    store.close();
  }

  const summary = {
    file,
    user: ctx.user,
    fromUser: parsed.user ?? null,
    dryRun: !!o.dryRun,
    events: parsed.events.length,
    newEvents: fresh.length,
    newReviews: fresh.filter((e) => e.type === 'review').length,
    alreadyPresent: known,
    conflicts,
    cardsAffected: cards.size,
    cardStatesChanged: changed,
    settings: parsed.settings === undefined ? 'none' : adoptSettings ? 'adopted' : 'kept',
    log: fresh.length > 0 ? log : null,
  };
  if (o.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  }
  const out: string[] = [];
  if (parsed.user && parsed.user !== ctx.user) out.push(t('progress.otherUser', { from: parsed.user, user: ctx.user }));
  out.push(
    t('progress.summary', {
      file,
      total: summary.events,
      fresh: summary.newEvents,
      reviews: summary.newReviews,
      cards: summary.cardsAffected,
      known,
    }),
  );
  if (conflicts > 0) out.push(t('progress.conflicts', { n: conflicts }));
  if (fresh.length > 0) out.push(t('progress.changed', { n: changed }));
  if (parsed.settings !== undefined) {
    if (!adoptSettings) out.push(t('progress.settings.kept', { user: ctx.user }));
    else out.push(t(o.dryRun ? 'progress.settings.wouldAdopt' : 'progress.settings.adopted', { user: ctx.user }));
    if (adoptSettings && normalized?.ignored.length)
      out.push(t('progress.settings.ignored', { keys: normalized.ignored.join(', ') }));
  }
  if (o.dryRun) out.push(t('progress.dry'));
  else if (fresh.length === 0) out.push(t('progress.nothing', { user: ctx.user }));
  else out.push(t('progress.done', { user: ctx.user, log }));
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
