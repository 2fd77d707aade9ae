import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANKI_HEADER } from '../../src/core/export.js';
import { mergeEvents, type ProgressEvent, type StoredState } from '../../src/core/progress.js';
import { createScheduler, DEFAULT_SETTINGS } from '../../src/core/scheduler.js';
import { eventLine, headerLine } from '../../src/store/log-format.js';
import { ProgressStore } from '../../src/store/progress-store.js';
import { BIN, deckText, type RunResult, readTree, runCli, tmp } from '../helpers.js';

// The built CLI is what runs here: `npm test` builds first (or run `node scripts/build.mjs`).
// After every event the study fixture writes (events more than a day ahead of the clock are bounded).
const NOW = '2026-01-15T09:00:00.000Z';
const env = { LLM_QUIZ_NOW: NOW };

function ok(r: RunResult): RunResult {
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stderr}\n${r.stdout}`);
  return r;
}

let cardIds: string[] = [];
beforeAll(() => {
  const rows = JSON.parse(ok(runCli(['list', '--json'], { home: tmp(), env })).stdout) as Array<{ id: string }>;
  cardIds = rows.map((r) => r.id);
});

/**
 * Studies some bundled cards through the store API, as `study` would: real FSRS states, plus an
 * undo, a bury and a suspend. `offset` shifts the times so two "machines" interleave.
 */
function study(home: string, device: string, cards: string[], offset: number, user = 'default'): void {
  const store = ProgressStore.open(join(home, 'data'), user, { create: true, device });
  const sched = createScheduler(store.settings, null);
  let t = Date.parse('2025-05-01T08:00:00.000Z') + offset;
  const states = new Map<string, StoredState | null>();
  for (let round = 0; round < 3; round++) {
    for (const [i, card] of cards.entries()) {
      const now = new Date(t);
      const before = states.get(card) ?? null;
      const rating = (((i + round) % 4) + 1) as 1 | 2 | 3 | 4;
      const after = sched.grade(before, card, now, rating);
      const id = store.newEventId(now);
      store.append({ id, t: now.toISOString(), type: 'review', card, rating, before, after, ms: 4000 + i });
      states.set(card, after);
      t += 7 * 86_400_000 + 3_600_000;
      if (round === 1 && i === 0) {
        store.append({
          id: store.newEventId(new Date(t)),
          t: new Date(t).toISOString(),
          type: 'undo',
          card,
          target: id,
          restore: { fsrs: before, suspended: false },
        });
        states.set(card, before);
      }
    }
  }
  const last = cards[cards.length - 1] as string;
  store.append({ id: store.newEventId(new Date(t)), t: new Date(t).toISOString(), type: 'suspend', card: last });
  const until = new Date(Date.parse(NOW) + 86_400_000).toISOString();
  store.append({
    id: store.newEventId(new Date(t + 1)),
    t: new Date(t + 1).toISOString(),
    type: 'bury',
    card: cards[0] as string,
    until,
  });
  store.close();
}

const list = (home: string, user = 'default') => ok(runCli(['--user', user, 'list', '--json'], { home, env })).stdout;

describe('export and import-progress round trip', () => {
  it('restores a user into a fresh data directory with the same `list --json`; importing twice changes nothing', () => {
    const src = tmp();
    study(src, 'laptop-a', cardIds.slice(0, 12), 0);
    ok(runCli(['config', 'set', 'desired_retention', '0.85'], { home: src, env }));
    const file = join(src, 'progress.json');
    const exp = ok(runCli(['export', '-o', file], { home: src, env }));
    expect(exp.stdout).toMatch(/Exported user default: \d+ events, 12 card states/);
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    expect(parsed).toMatchObject({ format: 'llm-quiz-progress', schema: 1, user: 'default', exportedAt: NOW });
    expect(parsed.settings.desired_retention).toBe(0.85);

    const dst = tmp();
    const dry = ok(runCli(['import-progress', file, '--dry-run'], { home: dst, env }));
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    expect(dry.stdout).toMatch(/12 card states change/);
    expect(existsSync(join(dst, 'data'))).toBe(false);

    const imp = ok(runCli(['import-progress', file], { home: dst, env }));
    expect(imp.stdout).toMatch(new RegExp(`${parsed.events.length} new`));
    expect(imp.stdout).toContain('Settings adopted from the export');
    expect(list(dst)).toBe(list(src));
    const restored = JSON.parse(list(dst)) as Array<{ state: string; suspended: boolean }>;
    expect(restored.some((r) => r.state === 'review')).toBe(true);
    expect(restored.some((r) => r.suspended)).toBe(true);

    // The restored user exports the same history and settings.
    const back = JSON.parse(ok(runCli(['export'], { home: dst, env })).stdout);
    expect(back.events).toEqual(parsed.events);
    expect(back.settings).toEqual(parsed.settings);
    expect(back.cards).toEqual(parsed.cards);

    const before = readTree(join(dst, 'data', 'users'));
    const again = ok(runCli(['import-progress', file, '--json'], { home: dst, env }));
    expect(JSON.parse(again.stdout)).toMatchObject({ newEvents: 0, alreadyPresent: parsed.events.length, settings: 'kept' });
    expect(readTree(join(dst, 'data', 'users'))).toEqual(before);
  });

  it("merges two machines' exports to the same state in either order", () => {
    const a = tmp();
    const b = tmp();
    study(a, 'machine-a', cardIds.slice(0, 10), 0);
    study(b, 'machine-b', cardIds.slice(5, 15), 3 * 86_400_000);
    const fa = join(a, 'a.json');
    const fb = join(b, 'b.json');
    ok(runCli(['export', '-o', fa], { home: a, env }));
    ok(runCli(['export', '-o', fb], { home: b, env }));

    const ab = tmp();
    const ba = tmp();
    ok(runCli(['import-progress', fa], { home: ab, env }));
    ok(runCli(['import-progress', fb], { home: ab, env }));
    ok(runCli(['import-progress', fb], { home: ba, env }));
    ok(runCli(['import-progress', fa], { home: ba, env }));
    expect(list(ab)).toBe(list(ba));
    // And it is the state of both machines' logs side by side (what Syncthing would give).
    const synced = tmp();
    for (const [home, dev] of [
      [a, 'machine-a'],
      [b, 'machine-b'],
    ] as const) {
      const logs = join(synced, 'data', 'users', 'default', 'logs');
      mkdirSync(logs, { recursive: true });
      writeFileSync(join(logs, `${dev}.jsonl`), readFileSync(join(home, 'data', 'users', 'default', 'logs', `${dev}.jsonl`)));
    }
    expect(list(ab)).toBe(list(synced));
    // Importing into user a's own data: only b's events are new.
    const intoA = JSON.parse(ok(runCli(['import-progress', fb, '--json'], { home: a, env })).stdout);
    expect(intoA.newEvents).toBe(JSON.parse(readFileSync(fb, 'utf8')).events.length);
    expect(list(a)).toBe(list(ab));
  });

  it('refuses an invalid export, naming the event, and writes nothing', () => {
    const home = tmp();
    const file = join(home, 'bad.json');
    const good = (id: string) => ({
      id,
      t: '2025-05-01T08:00:00.000Z',
      type: 'review',
      card: cardIds[0],
      rating: 3,
      before: null,
      after: { due: '2025-05-02T08:00:00.000Z', s: 1, d: 5, reps: 1, lapses: 0, state: 2, step: 0, sched: 1 },
    });
    const cases: Array<[unknown, RegExp]> = [
      [
        { format: 'llm-quiz-progress', schema: 1, events: [good('e0'), good('e1'), { ...good('e2'), rating: 0 }] },
        /event 2 \(id "e2"\): review 'rating'/,
      ],
      [{ format: 'llm-quiz-progress', schema: 1, events: [{ ...good('e0'), t: 'yesterday' }] }, /event 0 .*time/],
      [{ format: 'llm-quiz-progress', schema: 3, events: [] }, /newer llm-quiz/],
      [{ format: 'something-else', events: [] }, /not an llm-quiz progress export/],
    ];
    for (const [doc, message] of cases) {
      writeFileSync(file, JSON.stringify(doc));
      const r = runCli(['import-progress', file], { home, env });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('Nothing was imported');
    }
    writeFileSync(file, '{"format":"llm-quiz-progress","schema":1,"events":[],"settings":{"__proto__":{"polluted":1}}}');
    const proto = runCli(['import-progress', file], { home, env });
    expect(proto.code).toBe(1);
    expect(proto.stderr).toContain("'__proto__' key");
    expect(existsSync(join(home, 'data'))).toBe(false);
    expect(runCli(['import-progress', join(home, 'missing.json')], { home, env }).stderr).toContain('no such file');
  });
});

describe('export formats', () => {
  it('writes csv with one row per review and proper quoting', () => {
    const home = tmp();
    const decks = join(home, 'decks');
    mkdirSync(decks);
    const q = 'Why "scale" by sqrt(d), not d';
    writeFileSync(join(decks, 'q.md'), deckText('quirky', [{ id: 'quirky-1', q, a: 'Because, "variance".' }]));
    const store = ProgressStore.open(join(home, 'data'), 'default', { create: true, device: 'd' });
    const sched = createScheduler(DEFAULT_SETTINGS, null);
    const events: ProgressEvent[] = [];
    let s: StoredState | null = null;
    for (let i = 0; i < 3; i++) {
      const now = new Date(Date.parse('2025-05-01T08:00:00.000Z') + i * 86_400_000);
      const after = sched.grade(s, 'quirky-1', now, 3);
      events.push({ id: `e${i}`, t: now.toISOString(), type: 'review', card: 'quirky-1', rating: 3, before: s, after, ms: 1200 });
      s = after;
    }
    store.append(...events);
    store.close();
    const out = ok(runCli(['--decks', decks, 'export', '--format', 'csv'], { home, env })).stdout;
    const lines = out.split('\r\n');
    expect(lines[0]).toMatch(
      /^review_id,time,card_id,deck,question,rating,rating_name,state_before,state_after,stability,difficulty,due/,
    );
    expect(lines.filter((l) => l.startsWith('e'))).toHaveLength(3);
    expect(lines[1]).toContain(',quirky-1,quirky,"Why ""scale"" by sqrt(d), not d",3,good,new,learning,');
  });

  it('writes the bundled decks for Anki: header lines, then exactly one line per card', () => {
    const home = tmp();
    const out = ok(runCli(['export', '--format', 'anki'], { home, env })).stdout;
    const lines = out.trimEnd().split('\n');
    expect(lines.slice(0, ANKI_HEADER.length)).toEqual(ANKI_HEADER);
    expect(lines).toContain('#separator:tab');
    expect(lines).toContain('#html:true');
    const cards = lines.slice(ANKI_HEADER.length);
    expect(cards).toHaveLength(cardIds.length);
    const fields = cards.map((l) => l.split('\t'));
    expect(fields.every((f) => f.length === 5)).toBe(true);
    expect(fields.map((f) => f[0])).toEqual(cardIds);
    expect(fields.every((f) => f[1]?.startsWith('llm-quiz::') && f[2] !== '' && !f[0]?.startsWith('#'))).toBe(true);

    const one = ok(runCli(['export', '--format', 'anki', '--deck', 'quantization'], { home, env })).stdout;
    expect(
      one
        .trimEnd()
        .split('\n')
        .slice(ANKI_HEADER.length)
        .every((l) => l.split('\t')[1] === 'llm-quiz::quantization'),
    ).toBe(true);
  });

  it('writes -o atomically and refuses to replace a file without --force', () => {
    const home = tmp();
    const file = join(home, 'cards.txt');
    writeFileSync(file, 'precious');
    const refused = runCli(['export', '--format', 'anki', '-o', file], { home, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists');
    expect(readFileSync(file, 'utf8')).toBe('precious');
    ok(runCli(['export', '--format', 'anki', '-o', file, '--force'], { home, env }));
    expect(readFileSync(file, 'utf8').startsWith('#separator:tab\n')).toBe(true);
    expect(readdirSync(home).filter((n) => n.startsWith('cards.txt'))).toEqual(['cards.txt']);
  });

  it('says so when the user has no progress, instead of exporting nothing', () => {
    const home = tmp();
    study(home, 'd', cardIds.slice(0, 2), 0, 'alice');
    const r = runCli(['--user', 'bob', 'export'], { home, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("user 'bob' has no progress");
    expect(r.stderr).toContain('Known users: alice.');
  });
});

describe('export of a large history', () => {
  /** A history of `n` reviews written straight into a log (compact rows), as a long-time user has. */
  function bigHistory(home: string, n: number): void {
    const logs = join(home, 'data', 'users', 'default', 'logs');
    mkdirSync(logs, { recursive: true });
    const lines = [headerLine('big', new Date('2025-01-01T00:00:00Z'))];
    let t = Date.parse('2025-01-01T08:00:00.000Z');
    for (let i = 0; i < n; i++, t += 61_000) {
      const at = new Date(t).toISOString();
      const after = {
        due: new Date(t + 86_400_000).toISOString(),
        s: 1 + i / 7,
        d: 5.25,
        reps: i,
        lapses: 0,
        state: 2 as const,
        step: 0,
        sched: 1,
        last: at,
      };
      const e: ProgressEvent = {
        id: `big-${t.toString(36)}-${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}`,
        t: at,
        type: 'review',
        card: cardIds[i % 50] as string,
        rating: ((i % 4) + 1) as 1,
        before: null,
        after,
        ms: 1000 + i,
      };
      lines.push(eventLine(e, 'big'));
    }
    writeFileSync(join(logs, 'big.jsonl'), lines.join(''));
  }

  it('writes every event through several buffers, to a pipe or a file, and stops quietly when the reader closes the pipe', () => {
    const home = tmp();
    bigHistory(home, 30_000);
    const sh = (cmd: string) =>
      spawnSync('bash', ['-o', 'pipefail', '-c', cmd], {
        env: { PATH: process.env.PATH ?? '', HOME: home, LLM_QUIZ_HOME: join(home, 'data'), LLM_QUIZ_NOW: NOW, TZ: 'UTC' },
        encoding: 'utf8',
      });
    const cli = `"${process.execPath}" "${BIN}"`;
    const out = join(home, 'out.json');
    const r = sh(`${cli} export | cat > "${out}"`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const events = ProgressStore.open(join(home, 'data'), 'default').readAllEvents();
    expect(JSON.parse(readFileSync(out, 'utf8')).events).toEqual(mergeEvents(events));
    ok(runCli(['export', '--format', 'csv', '-o', join(home, 'out.csv')], { home, env }));
    const csv = readFileSync(join(home, 'out.csv'), 'utf8');
    expect(csv.length).toBeGreaterThan(3 << 20);
    expect(csv.split('\r\n')).toHaveLength(30_000 + 2);
    // `llm-quiz export | head`: the reader's choice, not an error.
    const head = sh(`${cli} export --format csv | head -c 100 >/dev/null`);
    expect(head.stderr).toBe('');
    expect(head.status).toBe(0);
  });
});

describe('users', () => {
  it('lists users with the current one marked; rejects an invalid name', () => {
    const home = tmp();
    expect(ok(runCli(['users'], { home, env })).stdout).toContain('No users yet');
    study(home, 'd', cardIds.slice(0, 3), 0, 'alice');
    study(home, 'd', cardIds.slice(0, 5), 0, 'bob');
    const json = JSON.parse(ok(runCli(['--user', 'bob', 'users', '--json'], { home, env })).stdout);
    expect(json.current).toBe('bob');
    expect(json.users.map((u: { name: string; current: boolean; cards: number }) => [u.name, u.current, u.cards])).toEqual([
      ['alice', false, 3],
      ['bob', true, 5],
    ]);
    const text = ok(runCli(['--user', 'alice', 'users'], { home, env })).stdout;
    expect(text).toMatch(/^\* {2}alice +3 /m);
    expect(text).toMatch(/^ {3}bob +5 /m);
    for (const bad of ['../x', 'a/b', '..']) {
      const r = runCli(['--user', bad, 'users'], { home, env });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('invalid user name');
    }
  });
});
