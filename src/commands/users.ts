import chalk from 'chalk';
import { UserError } from '../errors.js';
import { ProgressStore } from '../store/progress-store.js';
import { listUsers } from '../store/users.js';
import { t } from '../ui/messages.js';
import { renderColumns, termWidth } from '../ui/term.js';
import { type GlobalOptions, makeContext } from './shared/context.js';

export interface UsersOptions extends GlobalOptions {
  json?: boolean;
}

interface UserRow {
  name: string;
  current: boolean;
  /** Cards with a schedule (studied at least once and not undone back to new). */
  cards: number;
  /** Time of the newest event, ISO; null without any. */
  lastActivity: string | null;
  error?: string;
}

/** Summarises one user from its store (snapshot plus newer lines: cheap). */
function summarise(data: string, name: string, current: string): UserRow {
  try {
    const store = ProgressStore.open(data, name);
    let cards = 0;
    let last = '';
    for (const p of store.progress.values()) {
      if (p.fsrs && p.fsrs.state !== 0) cards++;
      // lastKey is `time|id`, and ISO times compare as strings.
      const time = p.lastKey.split('|')[0] ?? '';
      if (time > last) last = time;
    }
    return { name, current: name === current, cards, lastActivity: last || null };
  } catch (e) {
    // One unreadable user (say, written by a newer llm-quiz) must not hide the others.
    if (!(e instanceof UserError)) throw e;
    return { name, current: name === current, cards: 0, lastActivity: null, error: e.message };
  }
}

function localTime(iso: string | null): string {
  if (!iso) return '-';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Lists the users in the data directory, marking the current one. */
export async function runUsers(o: UsersOptions): Promise<void> {
  const ctx = makeContext(o);
  const rows = listUsers(ctx.data).map((name) => summarise(ctx.data, name, ctx.user));
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ current: ctx.user, dataDir: ctx.data, users: rows }, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write(`${t('users.none')}\n`);
    return;
  }
  const lines = renderColumns(
    [
      { header: ' ', min: 1, max: 1 },
      { header: t('users.header.user'), min: 4, max: 30 },
      { header: t('users.header.cards'), min: 5, max: 8, align: 'right' },
      { header: t('users.header.last'), min: 16 },
    ],
    rows.map((r) => [
      r.current ? '*' : ' ',
      r.name,
      r.error ? '-' : String(r.cards),
      r.error ? t('users.error', { message: r.error }) : localTime(r.lastActivity),
    ]),
    termWidth(),
    (s) => chalk.bold(s),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!rows.some((r) => r.current)) process.stdout.write(`${t('users.notYet', { user: ctx.user })}\n`);
  process.stdout.write(`${chalk.dim(t('users.hint'))}\n`);
}
