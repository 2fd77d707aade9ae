import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvReviewOf, formatJsonExport, formatReviewsCsv, jsonExportChunks, reviewsCsvChunks } from '../../src/core/export.js';
import { mergeEvents, type ProgressEvent, type ReviewEvent, undoneIds } from '../../src/core/progress.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { reviewDaysOf } from '../../src/core/stats.js';
import { readHistory } from '../../src/store/history.js';
import { eventLine, headerLine, listLogs, readLogs } from '../../src/store/log-format.js';
import { HISTORY_NOW, historyArb, writeHistory } from '../fixtures/store/histories.js';
import { tmp } from '../helpers.js';

const settings = { ...DEFAULT_SETTINGS, timezone: 'America/New_York' };
const isReview = (e: ProgressEvent): e is ReviewEvent => e.type === 'review';
const head = {
  format: 'llm-quiz-progress',
  schema: 1,
  exportedAt: '2025-03-04T00:00:00.000Z',
  program: 'test',
  user: 'u',
  settings,
  cards: {},
} as const;
const info = (id: string) => (id === 'c-b' ? undefined : { deck: 'd,1', question: `=${id} "q"` });

/** The reference: every event read as an object (what export, stats and show read before). */
function objects(logsDir: string): ProgressEvent[] {
  return readLogs(logsDir, listLogs(logsDir), {}, [], HISTORY_NOW).events;
}

/** Everything the history gives, next to what the object path gives. */
function compare(logsDir: string) {
  const events = objects(logsDir);
  const sorted = mergeEvents(events);
  const h = readHistory(logsDir, HISTORY_NOW);
  try {
    expect(h.size).toBe(events.length);
    expect([...h.eventTexts()]).toEqual(sorted.map((e) => JSON.stringify(e)));
    // The object given may be reused: copied as it comes.
    expect(Array.from(h.csvReviews(), (r) => ({ ...r }))).toEqual(sorted.filter(isReview).map(csvReviewOf));
    expect(h.undone()).toEqual(undoneIds(events));
    for (const card of ['c-a', 'c-b', 'c-é', 'nope']) expect(h.ofCard(card)).toEqual(events.filter((e) => e.card === card));
    const only = new Set(['c-a', 'c-c']);
    expect(h.days(settings, only)).toEqual(
      reviewDaysOf(
        events.filter((e) => only.has(e.card)),
        settings,
      ),
    );
    expect(h.days(settings)).toEqual(reviewDaysOf(events, settings));
    // The exports as written, a piece at a time, against the formats of the whole list.
    expect([...jsonExportChunks(head, h.eventTexts())].join('')).toBe(formatJsonExport({ ...head, events }));
    expect([...reviewsCsvChunks(h.csvReviews(), h.undone(), info)].join('')).toBe(formatReviewsCsv(events, info));
  } finally {
    h.close();
  }
}

describe('the history read for export, stats --topic and show', () => {
  it('gives exactly what reading every event as an object gives, for any history (property)', () => {
    // Multi-device histories with duplicates (conflict copies, imports), undos, cram, sets,
    // future events, schema-1 and schema-2 logs, torn and bad lines.
    fc.assert(
      fc.property(historyArb(), (spec) => {
        const logsDir = join(tmp('llmq-history-'), 'logs');
        writeHistory(logsDir, spec);
        compare(logsDir);
      }),
      { numRuns: 200 },
    );
  });

  it('spells the id of a compact row as JSON does when the device name needs escaping', () => {
    const logsDir = join(tmp('llmq-history-'), 'logs');
    mkdirSync(logsDir, { recursive: true });
    const device = 'lap"top\\é';
    const t = '2025-03-01T09:00:00.000Z';
    const after = {
      due: '2025-03-02T09:00:00.000Z',
      s: 1.5,
      d: 5,
      reps: 1,
      lapses: 0,
      state: 2 as const,
      step: 0,
      sched: 1,
      last: t,
    };
    const e: ReviewEvent = {
      id: `${device}-${Date.parse(t).toString(36)}-0000002a`,
      t,
      type: 'review',
      card: 'c-a',
      rating: 3,
      before: null,
      after,
    };
    const line = eventLine(e, device);
    expect(line.startsWith('[42,')).toBe(true); // a compact row
    writeFileSync(join(logsDir, 'x.jsonl'), headerLine(device, new Date(t)) + line);
    compare(logsDir);
    const h = readHistory(logsDir, HISTORY_NOW);
    expect([...h.eventTexts()]).toEqual([JSON.stringify(e)]);
    h.close();
  });
});
