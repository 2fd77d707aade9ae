import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import type { Problem } from '../../src/errors.js';
import { deriveAll, replayFor } from '../../src/store/derived.js';
import { rebuildLogs } from '../../src/store/log-fold.js';
import { listLogs, readLogs } from '../../src/store/log-format.js';
import { HISTORY_NOW, historyArb, writeHistory } from '../fixtures/store/histories.js';
import { tmp } from '../helpers.js';

const settings = { ...DEFAULT_SETTINGS, timezone: 'America/New_York' };

/** Everything a rebuild gives, as JSON: key order counts (the snapshot is written from it). */
function outcome(d: ReturnType<typeof rebuildLogs>, problems: Problem[]) {
  const { states, recent, days } = d.derived;
  return JSON.stringify({ states: [...states], recent, days, positions: d.positions, torn: d.torn, problems });
}

/** The reference: every event read as an object (readLogs), then folded (deriveAll). */
function reference(logsDir: string) {
  const problems: Problem[] = [];
  const r = readLogs(logsDir, listLogs(logsDir), {}, problems, HISTORY_NOW);
  const derived = deriveAll(r.events, settings, replayFor(settings));
  return outcome({ derived, positions: r.positions, torn: r.torn }, problems);
}

function rebuilt(logsDir: string, chunk?: number) {
  const problems: Problem[] = [];
  const r = rebuildLogs(logsDir, listLogs(logsDir), problems, settings, replayFor(settings), HISTORY_NOW, chunk);
  return outcome(r, problems);
}

describe('a rebuild from the logs', () => {
  it('gives exactly what folding every event as an object gives, for any history (property)', () => {
    fc.assert(
      // Small chunks put line ends at every place of a chunk, and lines longer than one.
      fc.property(historyArb(), fc.constantFrom(undefined, 64, 97, 300), (spec, chunk) => {
        const logsDir = join(tmp('llmq-fold-'), 'logs');
        writeHistory(logsDir, spec);
        expect(rebuilt(logsDir, chunk)).toBe(reference(logsDir));
      }),
      { numRuns: 300 },
    );
  });
});
