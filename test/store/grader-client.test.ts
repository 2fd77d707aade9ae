/**
 * The model grader against a local HTTP server speaking the chat-completions protocol: a normal
 * verdict, malformed JSON, a timeout, HTTP 401 and 500, an unreachable server, a missing key; each
 * failure falls back to the offline key-point check. And the key is never written anywhere under
 * the data directory, though it was sent.
 */

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gradeTyped } from '../../src/commands/shared/grading.js';
import type { GraderConfig } from '../../src/core/grader.js';
import { createScheduler, DEFAULT_SETTINGS } from '../../src/core/scheduler.js';
import { gradeCard } from '../../src/core/study.js';
import { gradeAnswer } from '../../src/store/grader-client.js';
import { ProgressStore } from '../../src/store/progress-store.js';
import { card } from '../fixtures/card.js';
import { filesUnder, tmp } from '../helpers.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server;
let handler: Handler;
let base: string;
const seen: { auth: string | undefined; body: Record<string, unknown>; path: string | undefined }[] = [];

beforeEach(async () => {
  seen.length = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ auth: req.headers.authorization, body: JSON.parse(body || '{}'), path: req.url });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const chat = (content: string) => (_req: IncomingMessage, _body: string, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content } }] }));
};

const status = (code: number) => (_req: IncomingMessage, _body: string, res: ServerResponse) => {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message: 'nope' } }));
};

const input = {
  question: 'What does the KV cache store?',
  reference: 'The keys and values of earlier tokens, so decoding does not recompute them.',
  keyPoints: ['it stores the keys and values of earlier tokens', 'it trades memory for compute'],
  answer: 'It keeps the keys and values of the earlier tokens.',
  lang: 'en',
};
const synonyms = [['KV cache', 'KV 缓存']];
const grader = (): GraderConfig => ({ url: base, model: 'test-model', keyEnv: 'TEST_GRADER_KEY' });
const env = { TEST_GRADER_KEY: 'sk-test-SECRET-4f9a' };

describe('gradeAnswer', () => {
  it('uses the model verdict: covered points, errors, score; sends the key only as a Bearer header', async () => {
    handler = chat('{"covered":[0],"errors":["says nothing wrong, but omits the memory cost"],"score":0.6}');
    const out = await gradeAnswer(input, grader(), { synonyms, env });
    expect(out.source).toBe('model');
    expect(out.fallback).toBeUndefined();
    expect(out.covered).toEqual([0]);
    expect(out.points.map((p) => p.covered)).toEqual([true, false]);
    expect(out.errors).toEqual(['says nothing wrong, but omits the memory cost']);
    expect(out.score).toBe(0.6);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.path).toBe('/v1/chat/completions');
    expect(seen[0]?.auth).toBe('Bearer sk-test-SECRET-4f9a');
    expect(seen[0]?.body.model).toBe('test-model');
    expect(JSON.stringify(seen[0]?.body)).toContain('It keeps the keys and values of the earlier tokens.');
    expect(JSON.stringify(seen[0]?.body)).not.toContain('SECRET');
  });

  const offline = [true, false];

  it('falls back offline on malformed JSON from the model', async () => {
    handler = chat('Sure! The answer covers the first point.');
    const out = await gradeAnswer(input, grader(), { synonyms, env });
    expect(out.source).toBe('offline');
    expect(out.fallback?.why).toBe('malformed');
    expect(out.points.map((p) => p.covered)).toEqual(offline);
    expect(out.score).toBe(0.5);
  });

  it('falls back offline when the body is not JSON at all', async () => {
    handler = (_q, _b, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"choices": [ {"message": ');
    };
    const out = await gradeAnswer(input, grader(), { synonyms, env });
    expect(out.fallback?.why).toBe('malformed');
    expect(out.points.map((p) => p.covered)).toEqual(offline);
  });

  it.each([401, 500])('falls back offline on HTTP %i', async (code) => {
    handler = status(code);
    const out = await gradeAnswer(input, grader(), { synonyms, env });
    expect(out.source).toBe('offline');
    expect(out.fallback).toEqual({ why: 'http', detail: String(code) });
    expect(out.points.map((p) => p.covered)).toEqual(offline);
  });

  it('gives up after the timeout and falls back offline (never waits on a hung server)', async () => {
    handler = () => {}; // never answers
    const t0 = performance.now();
    const out = await gradeAnswer(input, grader(), { synonyms, env, timeoutMs: 300 });
    const took = performance.now() - t0;
    expect(out.fallback?.why).toBe('timeout');
    expect(out.points.map((p) => p.covered)).toEqual(offline);
    expect(took).toBeLessThan(5000);
  });

  it('times out on a server that sends headers then stalls the body', async () => {
    handler = (_q, _b, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"choices":');
    };
    const out = await gradeAnswer(input, grader(), { synonyms, env, timeoutMs: 300 });
    expect(out.fallback?.why).toBe('timeout');
  });

  it('stops reading a reply larger than the limit', async () => {
    handler = (_q, _b, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"pad":"${'x'.repeat(400_000)}"}`);
    };
    const out = await gradeAnswer(input, grader(), { synonyms, env });
    expect(out.fallback).toEqual({ why: 'malformed', detail: 'response too large' });
  });

  it('falls back offline when the server is unreachable', async () => {
    const url = base;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    server.listen(0); // keep afterEach's close harmless
    const out = await gradeAnswer(input, { url, model: 'm', keyEnv: '' }, { synonyms, env: {} });
    expect(out.fallback?.why).toBe('network');
    expect(out.points.map((p) => p.covered)).toEqual(offline);
  });

  it('sends nothing when the key variable is named but unset', async () => {
    handler = chat('{"covered":[0,1],"errors":[],"score":1}');
    const out = await gradeAnswer(input, grader(), { synonyms, env: {} });
    expect(out.fallback).toEqual({ why: 'no-key', detail: 'TEST_GRADER_KEY' });
    expect(seen).toHaveLength(0);
  });

  it('is the offline check when no grader is configured', async () => {
    const out = await gradeAnswer(input, null, { synonyms });
    expect(out).toMatchObject({ source: 'offline', covered: [0], errors: [], score: 0.5 });
    expect(out.fallback).toBeUndefined();
  });
});

describe('gradeTyped (what the interview and study --type call)', () => {
  it('tells once what is sent and where, remembers it, and never writes the key under the data directory', async () => {
    handler = chat('{"covered":[0,1],"errors":[],"score":0.9}');
    const data = tmp();
    const now = new Date('2026-12-01T10:00:00Z');
    const store = ProgressStore.open(data, 'alice', { create: true, now, device: 'dev1' });
    store.saveSettings({ ...DEFAULT_SETTINGS, grader_url: base, grader_model: 'test-model', grader_key_env: 'TEST_GRADER_KEY' });
    const c = card('kv', { question: input.question, answer: input.reference, keyPoints: input.keyPoints });
    const said: string[] = [];
    const say = (l: string) => said.push(l);

    const first = await gradeTyped(c, input.answer, store, { say, env, synonyms });
    expect(first.source).toBe('model');
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(base);
    expect(said[0]).toContain('test-model');
    expect(said[0]).toContain('TEST_GRADER_KEY');
    expect(said[0]).not.toContain('SECRET');

    // The graded answer is recorded like a study --type review, then everything is saved.
    const sched = createScheduler(store.settings, null);
    const g = gradeCard({
      cardId: 'kv',
      progress: undefined,
      rating: 3,
      now,
      scheduler: sched,
      settings: store.settings,
      newId: () => store.newEventId(now),
      typed: input.answer,
    });
    store.append(...g.events);
    await gradeTyped(c, 'second answer', store, { say, env, synonyms });
    store.saveSnapshot(true);
    store.close();

    expect(said).toHaveLength(1); // shown once
    expect(seen.map((s) => s.auth)).toEqual(['Bearer sk-test-SECRET-4f9a', 'Bearer sk-test-SECRET-4f9a']);
    const reopened = ProgressStore.open(data, 'alice', { now });
    expect(reopened.settings.grader_shown_for).toBe(base);
    expect(reopened.settings.grader_key_env).toBe('TEST_GRADER_KEY');
    const written = filesUnder(data);
    expect(written.some((f) => f.endsWith('settings.json'))).toBe(true);
    expect(written.some((f) => f.endsWith('.jsonl'))).toBe(true);
    for (const f of written) expect(readFileSync(f, 'utf8'), f).not.toContain('SECRET');
  });

  it('says why in one line when it falls back', async () => {
    handler = status(401);
    const data = tmp();
    const store = ProgressStore.open(data, 'bob', { create: true, device: 'dev1' });
    store.saveSettings({ ...DEFAULT_SETTINGS, grader_url: base, grader_model: 'm', grader_shown_for: base });
    const said: string[] = [];
    const out = await gradeTyped(card('kv', { keyPoints: input.keyPoints }), input.answer, store, {
      say: (l) => said.push(l),
      synonyms,
      env: {},
    });
    expect(out.source).toBe('offline');
    expect(said).toEqual(['Model grader: HTTP 401 (a wrong key or model?); checked offline instead.']);
  });
});
