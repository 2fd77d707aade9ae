/**
 * The model grader's HTTP call, and the offline check it falls back to. One entry point,
 * `gradeAnswer`, for the interview and `study --type`: it never throws and never waits longer
 * than its timeout; any failure (no key, timeout, network, HTTP status, a malformed reply) gives
 * the offline key-point check with the reason in `fallback`. The API key is read from the
 * environment variable the settings name, sent only in the Authorization header, and never
 * returned, logged or written.
 */
import { chatRequest, chatUrl, GRADER_LIMITS, type GradeInput, type GraderConfig, parseChatResponse } from '../core/grader.js';
import { checkKeyPoints, type KeyPointResult, type Synonyms } from '../core/keypoints.js';

export type GraderFallback = 'no-key' | 'timeout' | 'network' | 'http' | 'malformed';

export interface GradeOutcome {
  source: 'model' | 'offline';
  /** Each key point, covered or missed (`matched` is empty for the model's verdicts). */
  points: KeyPointResult[];
  /** Indices of the covered key points. */
  covered: number[];
  /** Factual errors the model found (always empty offline). */
  errors: string[];
  /** 0..1: the model's score, or the share of key points covered. */
  score: number;
  /** Set when a configured model was not used: why, and a short detail (never the key). */
  fallback?: { why: GraderFallback; detail: string };
}

export interface GradeOptions {
  synonyms: Synonyms;
  /** Whole request, body included (default 20 s). */
  timeoutMs?: number;
  /** The fetch to use (tests); the global one by default. */
  fetch?: typeof fetch;
  /** Where the key variable is looked up (default process.env). */
  env?: Record<string, string | undefined>;
}

export const DEFAULT_GRADER_TIMEOUT_MS = 20_000;

/** The offline key-point check, shaped like a model verdict. */
export function offlineGrade(input: GradeInput, synonyms: Synonyms): GradeOutcome {
  const points = checkKeyPoints(input.answer, input.keyPoints, synonyms);
  const covered = points.flatMap((p, i) => (p.covered ? [i] : []));
  return { source: 'offline', points, covered, errors: [], score: points.length ? covered.length / points.length : 0 };
}

/** Grades one answer with the configured model, or offline when there is none or it fails. */
export async function gradeAnswer(input: GradeInput, grader: GraderConfig | null, opts: GradeOptions): Promise<GradeOutcome> {
  if (!grader) return offlineGrade(input, opts.synonyms);
  const fallback = (why: GraderFallback, detail: string): GradeOutcome => ({
    ...offlineGrade(input, opts.synonyms),
    fallback: { why, detail },
  });
  const env = opts.env ?? process.env;
  const key = grader.keyEnv ? env[grader.keyEnv] : undefined;
  if (grader.keyEnv && !key) return fallback('no-key', grader.keyEnv);
  const keyPoints = input.keyPoints.slice(0, GRADER_LIMITS.keyPoints);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? DEFAULT_GRADER_TIMEOUT_MS);
  try {
    const res = await (opts.fetch ?? fetch)(chatUrl(grader.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(chatRequest({ ...input, keyPoints }, grader.model)),
      signal: abort.signal,
      redirect: 'error',
    });
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      return fallback('http', String(res.status));
    }
    const body = await readLimited(res, GRADER_LIMITS.responseBytes);
    if (body === undefined) return fallback('malformed', 'response too large');
    const parsed = parseChatResponse(body, keyPoints.length);
    if (!parsed.ok) return fallback('malformed', parsed.detail.slice(0, 120));
    const covered = new Set(parsed.verdict.covered);
    return {
      source: 'model',
      points: input.keyPoints.map((point, i) => ({ point, covered: covered.has(i), matched: [] })),
      covered: parsed.verdict.covered,
      errors: parsed.verdict.errors,
      score: parsed.verdict.score,
    };
  } catch (e) {
    if (abort.signal.aborted) return fallback('timeout', `${opts.timeoutMs ?? DEFAULT_GRADER_TIMEOUT_MS} ms`);
    const cause = (e as { cause?: { code?: unknown } }).cause?.code;
    return fallback('network', typeof cause === 'string' ? cause : (e as Error).name);
  } finally {
    clearTimeout(timer);
  }
}

/** The body as text, or undefined once it passes `limit` bytes (the rest is not read). */
async function readLimited(res: Response, limit: number): Promise<string | undefined> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
