import { createRequire } from 'node:module';
import chalk from 'chalk';
import {
  type CardHistory,
  cardHistories,
  countPredictable,
  type Evaluation,
  evaluate,
  type FitReview,
  MIN_TRAINING_REVIEWS,
  type TrainingReview,
  trainingItems,
} from '../core/optimize.js';
import { zoneOf } from '../core/time.js';
import { UserError } from '../errors.js';
import { readHistory } from '../store/history.js';
import { t } from '../ui/messages.js';
import { padEnd, width } from '../ui/term.js';
import { type GlobalOptions, makeContext, openStore } from './shared/context.js';

export interface OptimizeOptions extends GlobalOptions {
  dryRun?: boolean;
  json?: boolean;
}

const BINDING: string = '@open-spaced-repetition/binding';
/** The version tested (see package.json's peerDependencies). */
const BINDING_VERSION = '0.1.2';

/** Stored parameters are rounded like Anki shows them; the rounded set is the one evaluated. */
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * The binding is an optional peer dependency (its native build is 4 MB, more than the rest of the
 * package): when it is missing, say in one line how to install it rather than show a stack trace.
 */
async function loadBinding(): Promise<typeof import('@open-spaced-repetition/binding')> {
  try {
    // require(), not import(): the CLI runs as a vm.Script (src/boot.ts), which has no ESM loader.
    return createRequire(import.meta.url)(BINDING) as typeof import('@open-spaced-repetition/binding');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // Not installed at all, or installed without its platform package (its loader's own words).
    const missing =
      (err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(BINDING)) ||
      /^(Cannot find|Failed to load) native binding/.test(String(err.message));
    if (missing) throw new UserError(t('optimize.noBinding', { pkg: `${BINDING}@${BINDING_VERSION}` }));
    throw e;
  }
}

/**
 * Fits FSRS parameters to training items with the native optimizer. The binding is imported
 * here, on first use, so that no other command pays for loading it.
 */
export async function fitParameters(
  items: TrainingReview[][],
  opts: { numRelearningSteps?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<number[]> {
  // A computed specifier keeps esbuild from bundling the binding: its native loader must resolve
  // its platform package from node_modules, and its own top-level `__dirname` clashes with the
  // build's banner.
  const { computeParameters, FSRSBindingItem, FSRSBindingReview } = await loadBinding();
  const data = items.map((rs) => new FSRSBindingItem(rs.map((r) => new FSRSBindingReview(r.rating, r.deltaT))));
  const params = await computeParameters(data, {
    enableShortTerm: true,
    ...(opts.numRelearningSteps !== undefined ? { numRelearningSteps: opts.numRelearningSteps } : {}),
    // `timeout` is how often the binding polls for progress (ms); its default adds ~500 ms to every call.
    timeout: 100,
    ...(opts.onProgress ? { progress: opts.onProgress } : {}),
  });
  return params.map(round4);
}

/** One updating status line on stderr, only when stderr is a terminal. */
function statusLine(enabled: boolean) {
  let shown = false;
  return {
    show(text: string) {
      if (!enabled) return;
      process.stderr.write(`\r\u001B[2K${chalk.dim(text)}`);
      shown = true;
    },
    clear() {
      if (shown) process.stderr.write('\r\u001B[2K');
      shown = false;
    },
  };
}

const fmt = (e: Evaluation) => ({ logLoss: e.logLoss.toFixed(4), rmse: `${(e.rmseBins * 100).toFixed(2)}%` });

/** `optimize [--dry-run]`: fits, compares, adopts only an improvement; returns the exit code. */
export async function runOptimize(o: OptimizeOptions): Promise<number> {
  const ctx = makeContext(o);
  const store = openStore(ctx);
  const settings = store.settings;
  const status = statusLine(!!process.stderr.isTTY && !o.json);
  status.show(t('optimize.reading'));
  // The history is read as columns and only what fitting needs is kept (not an object per event).
  const history = readHistory(store.logsDir, ctx.now);
  let reviews = 0;
  function* counted(all: Iterable<FitReview>) {
    for (const r of all) {
      reviews++;
      yield r;
    }
  }
  let histories: CardHistory[];
  try {
    histories = cardHistories(counted(history.effectiveReviews()), settings.day_starts_at, zoneOf(settings.timezone));
  } finally {
    history.close();
  }
  const predictable = countPredictable(histories);
  const summary = { reviews, cards: histories.length, predictable, minimum: MIN_TRAINING_REVIEWS };
  if (predictable < MIN_TRAINING_REVIEWS) {
    status.clear();
    const more = MIN_TRAINING_REVIEWS - predictable;
    if (o.json) process.stdout.write(`${JSON.stringify({ ...summary, needed: more, adopted: false }, null, 2)}\n`);
    else process.stdout.write(`${t('optimize.tooFew', { n: predictable, min: MIN_TRAINING_REVIEWS, more })}\n`);
    return 0;
  }
  status.show(t('optimize.fitting', { pct: 0 }));
  const fitted = await fitParameters(trainingItems(histories), {
    numRelearningSteps: settings.relearning_steps.length,
    onProgress: (done, total) => status.show(t('optimize.fitting', { pct: total ? Math.round((100 * done) / total) : 0 })),
  });
  status.show(t('optimize.evaluating'));
  const current = evaluate(settings.fsrs_params, histories);
  const next = evaluate(fitted, histories);
  status.clear();
  const better = next.logLoss < current.logLoss;
  const adopted = better && !o.dryRun;
  if (adopted) store.saveSettings({ ...settings, fsrs_params: fitted });
  if (o.json) {
    const payload = {
      ...summary,
      current: { params: settings.fsrs_params, logLoss: current.logLoss, rmseBins: current.rmseBins },
      fitted: { params: fitted, logLoss: next.logLoss, rmseBins: next.rmseBins },
      better,
      adopted,
      dryRun: !!o.dryRun,
    };
    process.stdout.write(`${JSON.stringify(payload, null, 2)}\n`);
    return 0;
  }
  const c = fmt(current);
  const f = fmt(next);
  const label = settings.fsrs_params ? t('optimize.current.fitted') : t('optimize.current.default');
  const w = Math.max(width(label), width(t('optimize.fitted')));
  const loss = t('optimize.logloss');
  const lw = Math.max(width(loss), 9);
  const row = (a: string, b: string, c2: string) => `${padEnd(a, w)}  ${' '.repeat(lw - width(b))}${b}  ${c2.padStart(10)}`;
  const lines = [
    t('optimize.history', { reviews, cards: histories.length, n: predictable }),
    '',
    row('', loss, 'RMSE(bins)'),
    row(label, c.logLoss, c.rmse),
    row(t('optimize.fitted'), f.logLoss, f.rmse),
    '',
    better ? (o.dryRun ? t('optimize.dryRun') : chalk.green(t('optimize.adopted'))) : t('optimize.kept'),
    ...(better && !o.dryRun ? [t('reschedule.offer')] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
