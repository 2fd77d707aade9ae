/** A card's memory model as `list --json` and the study screen's `i` key show it. Pure. */
import type { CardProgress } from './progress.js';
import type { Scheduler } from './scheduler.js';

export interface MemoryView {
  /** Probability of recall now (0-1), after the study days elapsed since the last review. */
  retrievability: number;
  /** Days for recall probability to fall to 90 %. */
  stability: number;
  /** 1 (easy) to 10 (hard). */
  difficulty: number;
  lastReview: string | null;
  nextReview: string;
}

/** The memory model of a studied card; null for a new one. */
export function memoryView(p: CardProgress | undefined, scheduler: Scheduler, now: Date): MemoryView | null {
  const s = p?.fsrs;
  if (!s || s.state === 0) return null;
  return {
    retrievability: Math.round(scheduler.retrievability(s, now) * 10_000) / 10_000,
    stability: s.s,
    difficulty: s.d,
    lastReview: s.last ?? null,
    nextReview: s.due,
  };
}

/** Cards from least to most likely recalled now; new cards (no memory yet) last, in their order. */
export function byRecall<T>(items: T[], recall: (x: T) => number | null): T[] {
  return items
    .map((x, i) => ({ x, i, r: recall(x) }))
    .sort((a, b) => (a.r ?? 2) - (b.r ?? 2) || a.i - b.i)
    .map((e) => e.x);
}
