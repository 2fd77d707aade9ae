/**
 * The optional model grader, pure part: the chat-completions request that asks an
 * OpenAI-compatible model which key points an answer covers, and the checks on its reply. The
 * reply is untrusted (any server the user points us at): it is size-limited, parsed into fresh
 * objects field by field, and anything off-shape is a typed failure, so the caller falls back to
 * the offline check. The HTTP call itself lives in store/grader-client.ts.
 */

/** What the grader is told about one answer. */
export interface GradeInput {
  question: string;
  /** The reference answer (Markdown). */
  reference: string;
  keyPoints: string[];
  /** What the user typed. */
  answer: string;
  /** Language for the error notes ('en' or 'zh'). */
  lang: string;
}

/** The model's verdict, checked. */
export interface ModelVerdict {
  /** Indices (0-based) of the key points the answer covers, ascending, no repeats. */
  covered: number[];
  /** Factual errors in the answer, in the user's language. */
  errors: string[];
  /** 0..1. */
  score: number;
}

export type VerdictFailure = 'too-large' | 'not-json' | 'bad-shape';

export type ParsedVerdict = { ok: true; verdict: ModelVerdict } | { ok: false; why: VerdictFailure; detail: string };

/** Limits on what we send and what we accept. */
export const GRADER_LIMITS = {
  /** Characters of each text field sent (a pasted novel is cut, not sent whole). */
  fieldChars: 8000,
  keyPoints: 30,
  /** Bytes of the HTTP response body read before giving up. */
  responseBytes: 256 * 1024,
  /** Characters of the model's message content parsed. */
  contentChars: 32 * 1024,
  errors: 10,
  errorChars: 400,
} as const;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

const SYSTEM = [
  'You grade a candidate’s answer to a technical interview question.',
  'You are given the question, a reference answer, numbered key points and the candidate’s answer.',
  'A key point is covered when the answer states its substance (in any language or wording); mentioning a word is not enough.',
  'List factual errors the answer makes (not omissions), briefly.',
  'Reply with one JSON object and nothing else:',
  '{"covered": [indices of covered key points, 0-based], "errors": [short strings], "score": number from 0 to 1}',
].join('\n');

/** The endpoint: a base URL (`…/v1`) gets `/chat/completions` appended; a full endpoint is kept. */
export function chatUrl(base: string): string {
  const u = base.trim().replace(/\/+$/, '');
  return /\/chat\/completions$/.test(u) ? u : `${u}/chat/completions`;
}

/** The chat-completions request body for one answer. Temperature 0: the same answer, the same verdict. */
export function chatRequest(input: GradeInput, model: string): Record<string, unknown> {
  const n = GRADER_LIMITS.fieldChars;
  const points = input.keyPoints
    .slice(0, GRADER_LIMITS.keyPoints)
    .map((p, i) => `${i}. ${clip(p, 1000)}`)
    .join('\n');
  const lang = input.lang === 'zh' ? 'Simplified Chinese' : 'English';
  const user = [
    `Question:\n${clip(input.question, n)}`,
    `Reference answer:\n${clip(input.reference, n)}`,
    `Key points:\n${points || '(none)'}`,
    `Candidate's answer:\n${clip(input.answer, n) || '(empty)'}`,
    `Write the "errors" strings in ${lang}.`,
  ].join('\n\n');
  return {
    model,
    temperature: 0,
    response_format: { type: 'json_object' },
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: user },
    ],
  };
}

const fail = (why: VerdictFailure, detail: string): ParsedVerdict => ({ ok: false, why, detail });

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The JSON object inside a model's message: bare, or wrapped in a ```json fence or some prose. */
function jsonObjectIn(content: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(content);
  const text = (fenced ? fenced[1] : content) ?? '';
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error('no JSON object');
  return JSON.parse(text.slice(start, end + 1));
}

/**
 * Checks a chat-completions response body: `choices[0].message.content` must hold a JSON object
 * with `covered` (indices below `keyPointCount`), `errors` (strings) and `score` (0..1).
 * Only those fields are copied out, so nothing else the server sent reaches the caller.
 */
export function parseChatResponse(body: string, keyPointCount: number): ParsedVerdict {
  if (body.length > GRADER_LIMITS.responseBytes) return fail('too-large', `${body.length} bytes`);
  let outer: unknown;
  try {
    outer = JSON.parse(body);
  } catch (e) {
    return fail('not-json', (e as Error).message);
  }
  const choice = isRecord(outer) && Array.isArray(outer.choices) ? outer.choices[0] : undefined;
  const message = isRecord(choice) ? choice.message : undefined;
  const content = isRecord(message) ? message.content : undefined;
  if (typeof content !== 'string') return fail('bad-shape', 'no choices[0].message.content');
  if (content.length > GRADER_LIMITS.contentChars) return fail('too-large', `content of ${content.length} characters`);
  let inner: unknown;
  try {
    inner = jsonObjectIn(content);
  } catch (e) {
    return fail('not-json', (e as Error).message);
  }
  if (!isRecord(inner)) return fail('bad-shape', 'content is not a JSON object');
  const { covered, errors, score } = inner;
  if (!Array.isArray(covered) || covered.length > 1000) return fail('bad-shape', '"covered" is not a list of indices');
  const idx = new Set<number>();
  for (const i of covered) {
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= keyPointCount)
      return fail('bad-shape', `"covered" holds ${JSON.stringify(i)?.slice(0, 20)}, not an index below ${keyPointCount}`);
    idx.add(i);
  }
  if (errors !== undefined && !Array.isArray(errors)) return fail('bad-shape', '"errors" is not a list');
  const notes = (errors ?? []) as unknown[];
  if (!notes.every((e) => typeof e === 'string')) return fail('bad-shape', '"errors" holds a non-string');
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1)
    return fail('bad-shape', '"score" is not a number from 0 to 1');
  return {
    ok: true,
    verdict: {
      covered: [...idx].sort((a, b) => a - b),
      errors: (notes as string[])
        .map((e) => clip(e.trim(), GRADER_LIMITS.errorChars))
        .filter(Boolean)
        .slice(0, GRADER_LIMITS.errors),
      score,
    },
  };
}

/** The grader settings, if configured: off unless both a URL and a model are set. */
export interface GraderConfig {
  url: string;
  model: string;
  /** Name of the environment variable holding the API key ('' = no key, e.g. a local Ollama). */
  keyEnv: string;
}

export function graderConfig(s: { grader_url: string; grader_model: string; grader_key_env: string }): GraderConfig | null {
  if (!s.grader_url || !s.grader_model) return null;
  return { url: s.grader_url, model: s.grader_model, keyEnv: s.grader_key_env };
}

/**
 * A grader URL must be http(s) with a host, and carry no credentials: no user:password and no
 * query string (some APIs take `?key=`), since the URL is stored in settings.
 */
export function isGraderUrl(raw: string): boolean {
  if (raw.length > 500) return false;
  try {
    const u = new URL(raw);
    const web = u.protocol === 'http:' || u.protocol === 'https:';
    return web && u.hostname !== '' && !u.username && !u.password && !u.search;
  } catch {
    return false;
  }
}

/**
 * An environment variable NAME, upper case as by convention: a pasted key (mixed case, dashes)
 * is refused rather than stored.
 */
export const KEY_ENV_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;
