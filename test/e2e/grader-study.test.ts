// `study --type` with the model grader, in a real pseudo-terminal, against a local server that
// speaks chat completions: told once what is sent and where, the model's marks and the errors it
// found on screen, a failing server falls back to the offline marks with one line saying why, and
// after the graded run the key is in no file under the data directory.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/scheduler.js';
import { filesUnder, tmp } from '../helpers.js';
import { runPty } from '../hostile/helpers.js';

const KEY = 'sk-test-SECRET-77c1';
const DECK = `---
id: kv
title: KV deck
language: en
topics: [inference]
description: one card with key points
---

## What does the KV cache store?
<!-- id: kv-what -->

### Answer

The keys and values of earlier tokens, so decoding does not recompute them.

### Key points

- it stores the keys and values of earlier tokens
- it trades memory for compute
`;

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A chat-completions server; returns its base URL and the Authorization headers it saw. */
async function server(reply: (res: ServerResponse) => void): Promise<{ url: string; auth: (string | undefined)[] }> {
  const auth: (string | undefined)[] = [];
  const s = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      auth.push(req.headers.authorization);
      reply(res);
    });
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/v1`, auth };
}

function setup(url: string): { home: string; decks: string; data: string } {
  const home = tmp();
  const decks = join(home, 'decks');
  mkdirSync(decks);
  writeFileSync(join(decks, 'kv.md'), DECK);
  const data = join(home, 'data');
  mkdirSync(join(data, 'users', 'default'), { recursive: true });
  const settings = { ...DEFAULT_SETTINGS, grader_url: url, grader_model: 'test-model', grader_key_env: 'TEST_GRADER_KEY' };
  writeFileSync(join(data, 'users', 'default', 'settings.json'), JSON.stringify({ schema: 1, ...settings }));
  return { home, decks, data };
}

const plain = (s: string) =>
  s.replace(/\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007]*\u0007|\u001B[()][A-Z0-9]|\u001B[=>78]/g, '');

describe('study --type with the model grader', () => {
  it("shows the model's marks and errors; the key never lands on disk", async () => {
    const srv = await server((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const content = JSON.stringify({
        covered: [1],
        errors: ['the cache holds keys and values, not attention weights'],
        score: 0.4,
      });
      res.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content } }] }));
    });
    const { home, decks, data } = setup(srv.url);
    const p = runPty(['study', '--decks', decks, '--deck', 'kv', '--type'], home, {
      TEST_GRADER_KEY: KEY,
      LLM_QUIZ_NO_CACHE: '1',
    });
    await p.waitFor(/What does the KV cache store\?/);
    expect(plain(p.output())).toContain(`graded by the model test-model at ${srv.url}`);
    p.send('It keeps the attention weights of earlier tokens');
    p.send('\r');
    await p.waitFor(/Errors the model found:/);
    let screen = plain(p.output());
    expect(screen).toContain('! the cache holds keys and values, not attention weights');
    // The model's verdict (the second point), not the offline one (neither point for these words).
    expect(screen).toContain('Key points covered: 1/2');
    p.send('p'); // the disclosure took the room: the key points are folded behind p
    await p.waitFor(/✓ it trades memory for compute/);
    screen = plain(p.output());
    expect(screen).toMatch(/✗ it stores the keys and values of earlier tokens/);
    p.send('2'); // Hard: the card comes back in a few minutes (learn-ahead), so Ctrl+C ends the session
    await new Promise((r) => setTimeout(r, 300));
    p.send('\u0003');
    await p.exited;
    expect(srv.auth).toEqual([`Bearer ${KEY}`]);
    const written = filesUnder(data);
    // The graded answer is in the log (a real review with what was typed), the key is nowhere.
    const log = written
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('');
    expect(log).toContain('It keeps the attention weights of earlier tokens');
    for (const f of written) expect(readFileSync(f, 'utf8'), f).not.toContain('SECRET');
    const settings = JSON.parse(readFileSync(join(data, 'users', 'default', 'settings.json'), 'utf8'));
    expect(settings.grader_shown_for).toBe(srv.url);
  });

  it('falls back to the offline marks with one line when the server fails', async () => {
    const srv = await server((res) => {
      res.writeHead(500);
      res.end('boom');
    });
    const { home, decks } = setup(srv.url);
    const p = runPty(['study', '--decks', decks, '--deck', 'kv', '--type'], home, {
      TEST_GRADER_KEY: KEY,
      LLM_QUIZ_NO_CACHE: '1',
    });
    await p.waitFor(/What does the KV cache store\?/);
    p.send('It keeps the keys and values of the earlier tokens');
    p.send('\r');
    await p.waitFor(/Model grader: HTTP 500/);
    expect(plain(p.output())).toMatch(/✓ it stores the keys and values of earlier tokens/);
    p.send('q');
    await p.exited;
  });
});
