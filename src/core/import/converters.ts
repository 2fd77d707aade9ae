/**
 * The converters of text formats, by format. The Markdown one (`qa`) is not here: it loads
 * marked's lexer, so the import command loads it only when a Markdown file is read.
 */
import { convertAnki } from './anki.js';
import { convertCrowdAnki } from './crowdanki.js';
import { convertCsv } from './csv.js';
import { convertHashcards } from './hashcards.js';
import type { ConvertOptions, ConvertResult, ImportFormat } from './model.js';
import { convertObsidian } from './obsidian.js';
import { convertOrgDrill } from './orgdrill.js';

export type Converter = (text: string, file: string, opts: ConvertOptions) => ConvertResult;

export const TEXT_CONVERTERS: Record<Exclude<ImportFormat, 'deck' | 'apkg' | 'qa'>, Converter> = {
  anki: convertAnki,
  csv: convertCsv,
  obsidian: convertObsidian,
  hashcards: convertHashcards,
  orgdrill: convertOrgDrill,
  crowdanki: convertCrowdAnki,
};
