import chalk from 'chalk';
import { DEFAULT_SETTINGS, type Settings } from '../core/scheduler.js';
import { suggest } from '../core/select.js';
import { isSettingKey, parseSetting, SETTING_KEYS, type SettingKey, showSetting } from '../core/settings.js';
import { UsageError, UserError } from '../errors.js';
import { type MessageKey, t } from '../ui/messages.js';
import { renderColumns, termWidth } from '../ui/term.js';
import { type GlobalOptions, makeContext, openStore } from './shared/context.js';

export interface ConfigOptions extends GlobalOptions {
  json?: boolean;
}

const KEYS = Object.keys(SETTING_KEYS) as SettingKey[];

/** The valid values of a key, in the message language. */
export function rangeText(key: SettingKey): string {
  return t(`config.range.${key}` as MessageKey);
}

function checkKey(key: string | undefined): SettingKey {
  if (!key) throw new UsageError(t('config.needKey', { list: KEYS.join(', ') }));
  if (isSettingKey(key)) return key;
  const close = suggest(key, KEYS);
  throw new UserError(
    t('config.unknownKey', {
      key,
      suggest: close.length ? t('topic.suggest', { list: close.join(', ') }) : '',
      list: KEYS.join(', '),
    }),
  );
}

/** What `config list` shows for the fitted FSRS parameters. */
function paramsText(s: Settings): string {
  return s.fsrs_params ? t('config.params.fitted', { n: s.fsrs_params.length }) : t('config.params.default');
}

/** `config [list | get KEY | set KEY VALUE... | reset KEY]` for the current user; returns the exit code. */
export async function runConfig(
  action: string | undefined,
  key: string | undefined,
  value: string[],
  o: ConfigOptions,
): Promise<number> {
  const ctx = makeContext(o);
  const store = openStore(ctx);
  const s = store.settings;
  switch (action ?? 'list') {
    case 'list': {
      if (key) throw new UsageError(t('config.listNoKey'));
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ user: ctx.user, settings: s }, null, 2)}\n`);
        return 0;
      }
      const rows = KEYS.map((k) => [k, showSetting(s[k]), rangeText(k)]);
      rows.push(['fsrs_params', paramsText(s), t('config.params.how')]);
      const lines = renderColumns(
        [
          { header: t('config.header.key'), min: 8 },
          { header: t('config.header.value'), min: 6, max: 24 },
          { header: t('config.header.valid'), min: 20 },
        ],
        rows,
        termWidth(),
        (x) => chalk.bold(x),
      );
      process.stdout.write(`${lines.join('\n')}\n${chalk.dim(t('config.user', { user: ctx.user }))}\n`);
      return 0;
    }
    case 'get': {
      const k = checkKey(key);
      if (value.length) throw new UsageError(t('config.getNoValue'));
      if (o.json) process.stdout.write(`${JSON.stringify({ key: k, value: s[k] })}\n`);
      else process.stdout.write(`${showSetting(s[k])}\n`);
      return 0;
    }
    case 'set': {
      const k = checkKey(key);
      if (value.length === 0) throw new UsageError(t('config.needValue', { key: k, range: rangeText(k) }));
      const raw = value.join(' ');
      const parsed = parseSetting(k, raw);
      if (parsed === undefined) throw new UserError(t('config.invalid', { key: k, value: raw, range: rangeText(k) }));
      const before = showSetting(s[k]);
      store.saveSettings({ ...s, [k]: parsed });
      if (o.json) process.stdout.write(`${JSON.stringify({ key: k, value: parsed, previous: s[k] })}\n`);
      else process.stdout.write(`${t('config.set', { key: k, before, after: showSetting(parsed) })}\n`);
      return 0;
    }
    case 'reset': {
      // Any setting back to its default; `fsrs_params` too, to undo an adopted `optimize`.
      const k = key === 'fsrs_params' ? key : checkKey(key);
      if (value.length) throw new UsageError(t('config.getNoValue'));
      const before = k === 'fsrs_params' ? paramsText(s) : showSetting(s[k]);
      const next = { ...s, [k]: DEFAULT_SETTINGS[k] };
      store.saveSettings(next);
      const after = k === 'fsrs_params' ? paramsText(next) : showSetting(next[k]);
      if (o.json) process.stdout.write(`${JSON.stringify({ key: k, value: next[k], previous: s[k] })}\n`);
      else process.stdout.write(`${t('config.set', { key: k, before, after })}\n`);
      return 0;
    }
    default:
      throw new UsageError(t('config.unknownAction', { action: String(action) }));
  }
}
