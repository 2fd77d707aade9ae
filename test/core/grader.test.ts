import { describe, expect, it } from 'vitest';
import { chatRequest, chatUrl, GRADER_LIMITS, isGraderUrl, parseChatResponse } from '../../src/core/grader.js';
import { normalizeSettings, parseSetting } from '../../src/core/settings.js';

const input = {
  question: 'What does GQA change?',
  reference: 'Query heads share fewer key/value heads.',
  keyPoints: ['groups of query heads share one KV head', 'the KV cache shrinks by the group size'],
  answer: 'Several query heads use the same K and V.',
  lang: 'zh',
};

/** A chat-completions body whose message content is `content`. */
const reply = (content: unknown) =>
  JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content } }] });

describe('chat request', () => {
  it('sends the question, reference, numbered key points and the answer, asking for JSON in the user language', () => {
    const body = chatRequest(input, 'qwen2.5:7b') as {
      model: string;
      temperature: number;
      messages: { role: string; content: string }[];
    };
    expect(body.model).toBe('qwen2.5:7b');
    expect(body.temperature).toBe(0);
    const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
    expect(user).toContain('What does GQA change?');
    expect(user).toContain('Query heads share fewer key/value heads.');
    expect(user).toContain('0. groups of query heads share one KV head');
    expect(user).toContain('1. the KV cache shrinks by the group size');
    expect(user).toContain('Several query heads use the same K and V.');
    expect(user).toContain('Simplified Chinese');
    expect(body.messages[0]?.content).toMatch(/"covered".*"errors".*"score"/);
  });

  it('cuts a huge answer instead of sending it whole', () => {
    const body = chatRequest({ ...input, answer: 'x'.repeat(100_000) }, 'm') as { messages: { content: string }[] };
    expect(JSON.stringify(body).length).toBeLessThan(GRADER_LIMITS.fieldChars * 4);
  });

  it('takes a base URL or the full endpoint', () => {
    expect(chatUrl('http://localhost:11434/v1')).toBe('http://localhost:11434/v1/chat/completions');
    expect(chatUrl('http://localhost:11434/v1/')).toBe('http://localhost:11434/v1/chat/completions');
    expect(chatUrl('https://api.example.com/v1/chat/completions')).toBe('https://api.example.com/v1/chat/completions');
  });
});

describe('parsing the reply', () => {
  it('reads covered indices, errors and score', () => {
    const r = parseChatResponse(reply('{"covered":[1,0,1],"errors":["KV heads are not removed"],"score":0.75}'), 2);
    expect(r).toEqual({ ok: true, verdict: { covered: [0, 1], errors: ['KV heads are not removed'], score: 0.75 } });
  });

  it('accepts the JSON inside a ```json fence or after a sentence', () => {
    const fenced = parseChatResponse(reply('Here you go:\n```json\n{"covered":[0],"errors":[],"score":0.5}\n```'), 2);
    expect(fenced.ok && fenced.verdict.covered).toEqual([0]);
    const prose = parseChatResponse(reply('Verdict: {"covered":[],"score":0}'), 2);
    expect(prose.ok && prose.verdict).toEqual({ covered: [], errors: [], score: 0 });
  });

  it.each([
    ['not JSON at all', 'Internal Server Error', 'not-json'],
    ['no choices', JSON.stringify({ error: 'x' }), 'bad-shape'],
    ['content not JSON', reply('I think the answer is good.'), 'not-json'],
    ['index out of range', reply('{"covered":[2],"errors":[],"score":1}'), 'bad-shape'],
    ['negative index', reply('{"covered":[-1],"errors":[],"score":1}'), 'bad-shape'],
    ['fractional index', reply('{"covered":[0.5],"errors":[],"score":1}'), 'bad-shape'],
    ['score above 1', reply('{"covered":[0],"errors":[],"score":7}'), 'bad-shape'],
    ['score missing', reply('{"covered":[0],"errors":[]}'), 'bad-shape'],
    ['errors not strings', reply('{"covered":[0],"errors":[{"a":1}],"score":1}'), 'bad-shape'],
    ['content a list, not an object', reply('[1,2]'), 'not-json'],
    ['body too large', ' '.repeat(GRADER_LIMITS.responseBytes + 1), 'too-large'],
  ])('refuses %s', (_what, body, why) => {
    const r = parseChatResponse(body, 2);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.why).toBe(why);
  });

  it('copies only the known fields: a __proto__ in the reply pollutes nothing', () => {
    const r = parseChatResponse(reply('{"covered":[0],"errors":[],"score":1,"__proto__":{"polluted":true}}'), 1);
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.ok && Object.keys(r.verdict)).toEqual(['covered', 'errors', 'score']);
  });

  it('caps the number and length of error notes', () => {
    const errors = Array.from({ length: 20 }, () => 'e'.repeat(1000));
    const r = parseChatResponse(reply(JSON.stringify({ covered: [], errors, score: 0 })), 1);
    expect(r.ok && r.verdict.errors.length).toBe(GRADER_LIMITS.errors);
    expect(r.ok && Math.max(...r.verdict.errors.map((e) => e.length))).toBeLessThanOrEqual(GRADER_LIMITS.errorChars + 1);
  });
});

describe('grader settings', () => {
  it('takes http(s) URLs without credentials or a query', () => {
    expect(isGraderUrl('http://localhost:11434/v1')).toBe(true);
    expect(isGraderUrl('https://api.example.com/v1')).toBe(true);
    expect(isGraderUrl('https://user:sk-secret@api.example.com/v1')).toBe(false);
    expect(isGraderUrl('https://api.example.com/v1?key=sk-secret')).toBe(false);
    expect(isGraderUrl('file:///etc/passwd')).toBe(false);
    expect(isGraderUrl('localhost:11434')).toBe(false);
  });

  it('stores the NAME of the key variable, refusing what looks like a pasted key', () => {
    expect(parseSetting('grader_key_env', 'OPENAI_API_KEY')).toBe('OPENAI_API_KEY');
    expect(parseSetting('grader_key_env', '')).toBe('');
    expect(parseSetting('grader_key_env', 'sk-proj-AbC123')).toBeUndefined();
    expect(parseSetting('grader_key_env', 'abcdef0123456789')).toBeUndefined();
  });

  it('reads the grader keys from a settings file and ignores bad ones', () => {
    const { settings, ignored } = normalizeSettings({
      grader_url: 'http://127.0.0.1:8080/v1',
      grader_model: 'llama',
      grader_key_env: 'not a name',
      grader_shown_for: 'http://127.0.0.1:8080/v1',
    });
    expect(settings.grader_url).toBe('http://127.0.0.1:8080/v1');
    expect(settings.grader_model).toBe('llama');
    expect(settings.grader_key_env).toBe('');
    expect(settings.grader_shown_for).toBe('http://127.0.0.1:8080/v1');
    expect(ignored).toEqual(['grader_key_env']);
  });
});
