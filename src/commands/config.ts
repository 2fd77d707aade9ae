import chalk from 'chalk';
import { DEFAULT_SETTINGS, type Settings } from '../core/scheduler.js';
import { suggest } from '../core/select.js';
import {
  isPresetKey,
  isPresetName,
  isSettingKey,
  PRESET_KEYS,
  type PresetKey,
  parseSetting,
  presetNameFor,
  SETTING_KEYS,
  type SettingKey,
  settingsFor,
  showSetting,
} from '../core/settings.js';
import { UsageError, UserError } from '../errors.js';
import { type MessageKey, t } from '../ui/messages.js';
import { renderColumns, termWidth } from '../ui/term.js';
import { type GlobalOptions, makeContext, openStore } from './shared/context.js';

export interface ConfigOptions extends GlobalOptions {
  json?: boolean;
  deck?: string;
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
  if (o.deck !== undefined) return runDeckConfig(action, key, value, o);
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
      // Existing due dates keep the old retention until rescheduled (Anki asks; we say how).
      if (!o.json && k === 'desired_retention' && parsed !== s[k]) process.stdout.write(`${t('reschedule.offer')}\n`);
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

/**
 * `config --deck ID ...`: a deck's preset (desired retention, limits, steps), over the user's
 * settings. `get` and `list` show what is in force for the deck and where it comes from.
 */
function runDeckConfig(action: string | undefined, key: string | undefined, value: string[], o: ConfigOptions): number {
  const deck = (o.deck as string).toLowerCase();
  if (!isPresetName(deck)) throw new UsageError(t('config.deck.badName', { deck: o.deck as string }));
  const presetKey = (k: string | undefined): PresetKey => {
    const sk = checkKey(k);
    if (!isPresetKey(sk)) throw new UserError(t('config.deck.badKey', { key: sk, list: PRESET_KEYS.join(', ') }));
    return sk;
  };
  const ctx = makeContext(o);
  const store = openStore(ctx);
  const s = store.settings;
  const own = s.presets[deck] ?? {};
  const effective = settingsFor(s, deck.replace(/\*$/, ''));
  const source = (k: PresetKey) => {
    const name = Object.hasOwn(own, k) ? deck : presetNameFor(s, deck.replace(/\*$/, ''));
    return name && s.presets[name] && Object.hasOwn(s.presets[name], k) ? name : t('config.deck.default');
  };
  switch (action ?? 'list') {
    case 'list': {
      if (key) throw new UsageError(t('config.listNoKey'));
      if (o.json) {
        process.stdout.write(
          `${JSON.stringify({ user: ctx.user, deck, preset: own, settings: Object.fromEntries(PRESET_KEYS.map((k) => [k, effective[k]])) }, null, 2)}\n`,
        );
        return 0;
      }
      const rows = PRESET_KEYS.map((k) => [k, showSetting(effective[k]), source(k)]);
      const lines = renderColumns(
        [
          { header: t('config.header.key'), min: 8 },
          { header: t('config.header.value'), min: 6, max: 24 },
          { header: t('config.deck.header'), min: 6 },
        ],
        rows,
        termWidth(),
        (x) => chalk.bold(x),
      );
      process.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    }
    case 'get': {
      const k = presetKey(key);
      if (value.length) throw new UsageError(t('config.getNoValue'));
      if (o.json) process.stdout.write(`${JSON.stringify({ deck, key: k, value: effective[k], from: source(k) })}\n`);
      else process.stdout.write(`${showSetting(effective[k])}\n`);
      return 0;
    }
    case 'set': {
      const k = presetKey(key);
      if (value.length === 0) throw new UsageError(t('config.needValue', { key: k, range: rangeText(k) }));
      const raw = value.join(' ');
      const parsed = parseSetting(k, raw);
      if (parsed === undefined) throw new UserError(t('config.invalid', { key: k, value: raw, range: rangeText(k) }));
      const before = showSetting(effective[k]);
      store.saveSettings({ ...s, presets: { ...s.presets, [deck]: { ...own, [k]: parsed } } });
      if (o.json) process.stdout.write(`${JSON.stringify({ deck, key: k, value: parsed, previous: effective[k] })}\n`);
      else process.stdout.write(`${t('config.set', { key: `${deck}: ${k}`, before, after: showSetting(parsed) })}\n`);
      if (!o.json && k === 'desired_retention' && parsed !== effective[k]) process.stdout.write(`${t('reschedule.offer')}\n`);
      return 0;
    }
    case 'reset': {
      const k = presetKey(key);
      if (value.length) throw new UsageError(t('config.getNoValue'));
      const rest = Object.fromEntries(Object.entries(own).filter(([x]) => x !== k));
      const presets = { ...s.presets, [deck]: rest };
      if (Object.keys(rest).length === 0) delete presets[deck];
      const next = { ...s, presets };
      store.saveSettings(next);
      const after = settingsFor(next, deck.replace(/\*$/, ''))[k];
      if (o.json) process.stdout.write(`${JSON.stringify({ deck, key: k, value: after, previous: effective[k] })}\n`);
      else
        process.stdout.write(
          `${t('config.set', { key: `${deck}: ${k}`, before: showSetting(effective[k]), after: showSetting(after) })}\n`,
        );
      return 0;
    }
    default:
      throw new UsageError(t('config.unknownAction', { action: String(action) }));
  }
}
