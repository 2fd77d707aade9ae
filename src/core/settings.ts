import { isGraderUrl, KEY_ENV_NAME } from './grader.js';
import type { NewCardOrder } from './new-order.js';
import { normalizePlan, type StoredPlan } from './plan-spec.js';
import { isTimeZone } from './time.js';

/** Per-user settings that shape scheduling and the daily queue. */
export interface Settings {
  new_per_day: number;
  reviews_per_day: number;
  desired_retention: number;
  maximum_interval: number;
  learning_steps: string[];
  relearning_steps: string[];
  day_starts_at: number;
  /** IANA time zone whose study days count ('' = the system's). */
  timezone: string;
  /** Learning cards due this many minutes ahead are shown when nothing else is left (Anki: 20). */
  learn_ahead_minutes: number;
  /** Where new cards go in a session: after the reviews, before them, or spread among them. */
  queue_order: 'reviews-first' | 'new-first' | 'mixed';
  leech_action: 'tag' | 'suspend';
  leech_threshold: number;
  /** Fitted FSRS parameters (21 numbers), or null for the defaults. */
  fsrs_params: number[] | null;
  /** Which edition of multi-language decks to show: the interface language, one, or both. */
  deck_language: DeckLanguage;
  /** New cards spread across topics (decks) or deck by deck. */
  new_card_order: NewCardOrder;
  /** On the revealed answer, Space grades Good (as in Anki) instead of paging down. */
  space_grades_good: boolean;
  /** Per-deck settings: deck id (or `prefix*` for a group of decks) → the keys it overrides. */
  presets: Record<string, Preset>;
  /** Model grader: an OpenAI-compatible base URL or chat-completions endpoint ('' = off). */
  grader_url: string;
  grader_model: string;
  /** The NAME of the environment variable holding the grader's API key; the key is never stored. */
  grader_key_env: string;
  /** The grader URL the user was last told about (what is sent, and where); '' = never told. */
  grader_shown_for: string;
  /** The active plan to a date (`llm-quiz plan`), or null. */
  plan: StoredPlan | null;
}

/** The settings a deck (or a group of decks) can override. */
export const PRESET_KEYS = ['desired_retention', 'new_per_day', 'reviews_per_day', 'learning_steps', 'relearning_steps'] as const;
export type PresetKey = (typeof PRESET_KEYS)[number];
export type Preset = Partial<Pick<Settings, PresetKey>>;

/** A deck id, or a prefix ending in `*` for every deck whose id starts with it. */
const PRESET_NAME = /^[a-z0-9][a-z0-9-]{0,63}\*?$|^\*$/;

export function isPresetName(name: string): boolean {
  return PRESET_NAME.test(name);
}

export function isPresetKey(k: string): k is PresetKey {
  return (PRESET_KEYS as readonly string[]).includes(k);
}

/** The preset name that applies to a deck: its own id first, else the longest matching `prefix*`. */
export function presetNameFor(s: Settings, deckId: string): string | undefined {
  if (Object.hasOwn(s.presets, deckId)) return deckId;
  let best: string | undefined;
  for (const name of Object.keys(s.presets)) {
    if (!name.endsWith('*') || !deckId.startsWith(name.slice(0, -1))) continue;
    if (!best || name.length > best.length) best = name;
  }
  return best;
}

/** The settings in force for a deck: its preset over the user's defaults. */
export function settingsFor(s: Settings, deckId: string): Settings {
  const name = presetNameFor(s, deckId);
  return name ? { ...s, ...s.presets[name] } : s;
}

export type DeckLanguage = 'auto' | 'zh' | 'en' | 'both';

export const DEFAULT_SETTINGS: Settings = {
  new_per_day: 20,
  reviews_per_day: 200,
  desired_retention: 0.9,
  maximum_interval: 36500,
  learning_steps: ['1m', '10m'],
  relearning_steps: ['10m'],
  day_starts_at: 4,
  timezone: '',
  learn_ahead_minutes: 20,
  queue_order: 'reviews-first',
  leech_action: 'tag',
  leech_threshold: 8,
  fsrs_params: null,
  deck_language: 'auto',
  new_card_order: 'interleave',
  space_grades_good: false,
  presets: {},
  grader_url: '',
  grader_model: '',
  grader_key_env: '',
  grader_shown_for: '',
  plan: null,
};

export type SettingKey = Exclude<keyof Settings, 'fsrs_params' | 'leech_threshold' | 'presets' | 'grader_shown_for' | 'plan'>;

/** The keys `config` can set, with their valid range in words. */
export const SETTING_KEYS: Record<SettingKey, string> = {
  new_per_day: 'a whole number from 0 to 9999',
  reviews_per_day: 'a whole number from 0 to 99999',
  desired_retention: 'a number from 0.70 to 0.99',
  maximum_interval: 'a whole number of days from 1 to 36500',
  learning_steps: "steps like '1m 10m' (units m, h, d; each at most 365d; may be empty)",
  relearning_steps: "steps like '10m' (units m, h, d; each at most 365d; may be empty)",
  day_starts_at: 'a whole hour from 0 to 23',
  timezone: "an IANA time zone like 'Asia/Shanghai' ('' = the system's)",
  learn_ahead_minutes: 'a whole number of minutes from 0 to 1440',
  queue_order: "'reviews-first', 'new-first' or 'mixed'",
  leech_action: "'tag' or 'suspend'",
  deck_language: "'auto' (the interface language), 'zh', 'en' or 'both'",
  new_card_order: "'interleave' (across topics) or 'deck' (deck by deck)",
  grader_url: "an http(s) URL of an OpenAI-compatible API, like 'http://localhost:11434/v1' ('' = no model grader)",
  grader_model: "the model's name at that API, like 'qwen2.5:7b'",
  grader_key_env: "the NAME of the environment variable holding the API key, like 'OPENAI_API_KEY' ('' = none)",
  space_grades_good: "'true' (Space on the answer grades Good) or 'false' (Space pages)",
};

const STEP = /^[1-9][0-9]*[mhd]$/;
/** A (re)learning step longer than a year is no learning step (100000d was accepted). */
const MAX_STEP_MINUTES = 365 * 1440;

function stepMinutes(step: string): number {
  const n = Number(step.slice(0, -1));
  return step.endsWith('d') ? n * 1440 : step.endsWith('h') ? n * 60 : n;
}

function int(raw: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(raw.trim())) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}

/** Parses a `config set` value; returns the value or undefined when it is out of range. */
export function parseSetting(key: SettingKey, raw: string): Settings[SettingKey] | undefined {
  switch (key) {
    case 'new_per_day':
      return int(raw, 0, 9999);
    case 'reviews_per_day':
      return int(raw, 0, 99999);
    case 'maximum_interval':
      return int(raw, 1, 36500);
    case 'day_starts_at':
      return int(raw, 0, 23);
    case 'desired_retention': {
      if (!/^\d*\.?\d+$/.test(raw.trim())) return undefined;
      const n = Number(raw);
      return n >= 0.7 && n <= 0.99 ? n : undefined;
    }
    case 'learning_steps':
    case 'relearning_steps': {
      const steps = raw.split(/[\s,]+/).filter(Boolean);
      return steps.every((s) => STEP.test(s) && stepMinutes(s) <= MAX_STEP_MINUTES) ? steps : undefined;
    }
    case 'learn_ahead_minutes':
      return int(raw, 0, 1440);
    case 'queue_order':
      return raw === 'reviews-first' || raw === 'new-first' || raw === 'mixed' ? raw : undefined;
    case 'timezone': {
      const z = raw.trim();
      return z === '' || isTimeZone(z) ? z : undefined;
    }
    case 'leech_action':
      return raw === 'tag' || raw === 'suspend' ? raw : undefined;
    case 'new_card_order':
      return raw === 'interleave' || raw === 'deck' ? raw : undefined;
    case 'space_grades_good':
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'deck_language':
      return raw === 'auto' || raw === 'zh' || raw === 'en' || raw === 'both' ? raw : undefined;
    case 'grader_url': {
      const u = raw.trim();
      return u === '' || isGraderUrl(u) ? u : undefined;
    }
    case 'grader_model': {
      const m = raw.trim();
      return m.length <= 200 && /^[\x21-\x7e]*$/.test(m) ? m : undefined;
    }
    case 'grader_key_env': {
      const k = raw.trim();
      return k === '' || KEY_ENV_NAME.test(k) ? k : undefined;
    }
  }
}

export function isSettingKey(k: string): k is SettingKey {
  return Object.hasOwn(SETTING_KEYS, k);
}

/**
 * Builds settings from a parsed settings file, keeping only known keys with valid values and
 * filling the rest with defaults. Returns the settings and the keys that were ignored.
 */
export function normalizeSettings(raw: Record<string, unknown>): { settings: Settings; ignored: string[] } {
  const s: Settings = { ...DEFAULT_SETTINGS };
  const ignored: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'schema') continue;
    if (k === 'fsrs_params') {
      if (v === null || (Array.isArray(v) && v.length >= 17 && v.every((x) => typeof x === 'number' && Number.isFinite(x)))) {
        s.fsrs_params = v as number[] | null;
      } else ignored.push(k);
      continue;
    }
    if (k === 'presets') {
      const p = normalizePresets(v);
      s.presets = p.presets;
      ignored.push(...p.ignored);
      continue;
    }
    if (k === 'plan') {
      const p = normalizePlan(v);
      if (p === undefined) ignored.push(k);
      else s.plan = p;
      continue;
    }
    if (k === 'grader_shown_for') {
      if (typeof v === 'string' && v.length <= 500) s.grader_shown_for = v;
      else ignored.push(k);
      continue;
    }
    if (k === 'leech_threshold') {
      if (typeof v === 'number' && Number.isInteger(v) && v >= 1) s.leech_threshold = v;
      else ignored.push(k);
      continue;
    }
    if (!isSettingKey(k)) {
      ignored.push(k);
      continue;
    }
    const parsed = parseSetting(k, Array.isArray(v) ? v.join(' ') : String(v));
    if (parsed === undefined) ignored.push(k);
    else (s as unknown as Record<string, unknown>)[k] = parsed;
  }
  return { settings: s, ignored };
}

/** Keeps the valid presets (names and keys), reporting the rest as `presets.NAME.KEY`. */
function normalizePresets(v: unknown): { presets: Record<string, Preset>; ignored: string[] } {
  const presets: Record<string, Preset> = {};
  const ignored: string[] = [];
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { presets, ignored: v === undefined ? [] : ['presets'] };
  for (const [name, p] of Object.entries(v as Record<string, unknown>)) {
    if (!isPresetName(name) || !p || typeof p !== 'object' || Array.isArray(p)) {
      ignored.push(`presets.${name.slice(0, 40)}`);
      continue;
    }
    const out: Preset = {};
    for (const [k, raw] of Object.entries(p as Record<string, unknown>)) {
      const parsed = isPresetKey(k) ? parseSetting(k, Array.isArray(raw) ? raw.join(' ') : String(raw)) : undefined;
      if (parsed === undefined) ignored.push(`presets.${name}.${k.slice(0, 40)}`);
      else (out as Record<string, unknown>)[k] = parsed;
    }
    presets[name] = out;
  }
  return { presets, ignored };
}

/** Shows a setting value as `config get` prints it. */
export function showSetting(v: unknown): string {
  return Array.isArray(v) ? v.join(' ') : String(v);
}

/**
 * The deck edition to load: the `deck_language` setting when it names one (or `both`), else the
 * interface language (`--lang`, LANG). With `both`, the interface language's edition comes first.
 */
export function editionFor(setting: DeckLanguage | undefined, uiLang: string): { language: string; both: boolean } {
  if (setting === 'zh' || setting === 'en') return { language: setting, both: false };
  return { language: uiLang, both: setting === 'both' };
}
