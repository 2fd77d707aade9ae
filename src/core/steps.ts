/**
 * Learning and relearning steps, with Anki's rules (rslib/src/scheduler/states/steps.rs):
 * Again goes back to the first step; Hard on the first step waits the average of the first two
 * steps (or 1.5x a single step, at most one day more); Hard on a later step repeats that step;
 * Good moves to the next step; past the last step the card graduates. Pure.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const UNIT: Record<string, number> = { m: MINUTE, h: 60 * MINUTE, d: DAY };

/** A step such as `10m`, `1h` or `2d` in milliseconds (settings are validated: no other forms). */
export function stepMs(step: string): number {
  const m = /^(\d+)([mhd])$/.exec(step);
  return m ? Number(m[1]) * (UNIT[m[2] as string] as number) : MINUTE;
}

/** Delays over a day are whole days, so a card answered early or late in the day is due the same day (Anki). */
function roundDays(ms: number): number {
  return ms > DAY ? Math.round(ms / DAY) * DAY : ms;
}

export interface StepPlan {
  /** Wait before the next showing (ms). */
  delay: number;
  /** Step index the card is on afterwards. */
  step: number;
}

export class Steps {
  private readonly ms: number[];
  constructor(steps: readonly string[]) {
    this.ms = steps.map(stepMs);
  }

  get length(): number {
    return this.ms.length;
  }

  /** The step index in bounds (a stored index can outlive a shorter steps setting). */
  index(step: number): number {
    return Math.max(0, Math.min(Math.floor(step) || 0, this.ms.length - 1));
  }

  /** Length of step `i` (ms), 0 without steps. */
  at(i: number): number {
    return this.ms[this.index(i)] ?? 0;
  }

  /** Again: back to the first step; undefined without steps (the card then graduates). */
  again(): StepPlan | undefined {
    const first = this.ms[0];
    return first === undefined ? undefined : { delay: first, step: 0 };
  }

  /** Hard: the first step gets a delay between Again and Good; a later step is repeated. */
  hard(step: number): StepPlan | undefined {
    if (this.ms.length === 0) return undefined;
    const i = this.index(step);
    const current = this.ms[i] as number;
    if (i > 0) return { delay: current, step: i };
    const second = this.ms[1];
    const delay = second !== undefined ? (current + second) / 2 : Math.min(current * 1.5, current + DAY);
    return { delay: roundDays(Math.floor(delay / 1000) * 1000), step: 0 };
  }

  /** Good: the next step, or undefined when the card graduates. */
  good(step: number): StepPlan | undefined {
    if (this.ms.length === 0) return undefined;
    const i = this.index(step);
    const next = this.ms[i + 1];
    return next === undefined ? undefined : { delay: next, step: i + 1 };
  }
}
