/**
 * Grading a typed answer against a card, for the interview and `study --type`: the model grader
 * when configured (told to the user once per URL, before anything is sent), else or on any
 * failure the offline key-point check, with one line saying why.
 */
import { join } from 'node:path';
import type { Card } from '../../core/deck.js';
import { graderConfig } from '../../core/grader.js';
import type { Synonyms } from '../../core/keypoints.js';
import { type GradeOptions, type GradeOutcome, gradeAnswer } from '../../store/grader-client.js';
import { bundledDecksDir } from '../../store/paths.js';
import type { ProgressStore } from '../../store/progress-store.js';
import { readSynonyms } from '../../store/synonyms.js';
import { getLang, type MessageKey, t } from '../../ui/messages.js';

export type { GradeOutcome } from '../../store/grader-client.js';

/**
 * What the model grader will be sent and where, the first time its URL is used (then remembered
 * in `grader_shown_for`); undefined when there is no grader or it was told already.
 */
export function discloseGrader(store: ProgressStore): string | undefined {
  const settings = store.settings;
  const grader = graderConfig(settings);
  if (!grader || settings.grader_shown_for === grader.url) return undefined;
  store.saveSettings({ ...settings, grader_shown_for: grader.url });
  const key = grader.keyEnv ? t('grader.disclose.key', { env: grader.keyEnv }) : '';
  return t('grader.disclose', { model: grader.model, url: grader.url, key });
}

let bundledSynonyms: Synonyms | undefined;

/** The bilingual synonym list shipped in decks/ (read once). */
export function loadSynonyms(): Synonyms {
  bundledSynonyms ??= readSynonyms(join(bundledDecksDir(), 'synonyms.yaml'));
  return bundledSynonyms;
}

export interface GradeTypedOptions extends Partial<Omit<GradeOptions, 'synonyms'>> {
  /** Shows one line to the user (the disclosure, a fallback reason). */
  say: (line: string) => void;
  synonyms?: Synonyms;
}

/**
 * Grades `typed` against the card's reference answer and key points. Never throws for grader
 * trouble and never waits past the timeout. Writes only `grader_shown_for` to the settings.
 */
export async function gradeTyped(card: Card, typed: string, store: ProgressStore, o: GradeTypedOptions): Promise<GradeOutcome> {
  const disclosure = discloseGrader(store);
  if (disclosure) o.say(disclosure);
  const grader = graderConfig(store.settings);
  const input = { question: card.question, reference: card.answer, keyPoints: card.keyPoints, answer: typed, lang: getLang() };
  const outcome = await gradeAnswer(input, grader, {
    synonyms: o.synonyms ?? loadSynonyms(),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.fetch ? { fetch: o.fetch } : {}),
    ...(o.env ? { env: o.env } : {}),
  });
  if (outcome.fallback) o.say(t(`grader.fallback.${outcome.fallback.why}` as MessageKey, { detail: outcome.fallback.detail }));
  return outcome;
}
