/**
 * Front matter of blog posts (Jekyll/Hugo): YAML between `---` lines, or TOML between `+++`
 * lines. Only title, tags, categories, description and language are read. Nothing is ever
 * evaluated: YAML goes to gray-matter with every executable engine replaced by one that throws,
 * and TOML is read line by line for those few keys only.
 */
import type { Problem } from '../../errors.js';
import { MATTER_OPTIONS, matter } from '../deck.js';
import { problem } from '../problems.js';
import { decodeEntities } from './html.js';

export interface PostMeta {
  title?: string;
  /** Tags and categories, as written (not yet slugs). */
  tags: string[];
  description?: string;
  language?: string;
}

/** Jekyll reads a string of tags or categories as a space-separated list. */
function listOf(v: unknown): string[] {
  if (typeof v === 'string') return v.split(/[ \t\n,]+/).filter(Boolean);
  if (typeof v === 'number') return [String(v)];
  if (Array.isArray(v)) return v.flatMap((x) => (typeof x === 'string' || typeof x === 'number' ? [String(x)] : []));
  return [];
}

function str(d: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = Object.hasOwn(d, k) ? d[k] : undefined;
    if (typeof v === 'string' && v.trim()) return decodeEntities(v.trim());
  }
  return undefined;
}

function metaFrom(d: Record<string, unknown>): PostMeta {
  const tags = [...listOf(d.tags), ...listOf(d.categories), ...listOf(d.category), ...listOf(d.keywords)].map((t) =>
    decodeEntities(t).trim(),
  );
  const title = str(d, 'title');
  const description = str(d, 'description', 'summary', 'excerpt', 'subtitle');
  const language = str(d, 'lang', 'language');
  return {
    tags: tags.filter(Boolean),
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    ...(language ? { language } : {}),
  };
}

/** Reads the few TOML keys we need: `key = "string"` and `key = ["a", "b"]` on one line. */
function readToml(lines: string[]): Record<string, unknown> {
  const d: Record<string, unknown> = Object.create(null);
  for (const line of lines) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(.+?)\s*$/.exec(line);
    if (!m) continue;
    const key = (m[1] as string).toLowerCase();
    const value = m[2] as string;
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) d[key] = quoted[2];
    else if (/^\[.*\]$/.test(value)) {
      d[key] = [...value.matchAll(/(["'])((?:(?!\1).)*)\1/g)].map((x) => x[2] as string);
    }
  }
  return d;
}

/**
 * Finds and reads front matter at the top of `lines`. Returns the metadata and the index of the
 * first body line (0 when there is none). Unreadable front matter is a warning: a blog post
 * stays importable without it.
 */
export function readPostFrontMatter(lines: string[], file: string, problems: Problem[]): { meta: PostMeta; bodyStart: number } {
  const none = { meta: { tags: [] }, bodyStart: 0 };
  const first = (lines[0] ?? '').replace(/^\uFEFF/, '');
  const toml = /^\+\+\+\s*$/.test(first);
  const open = /^---\s*([A-Za-z]*)\s*$/.exec(first);
  if (!toml && !open) return none;
  const closeRe = toml ? /^\+\+\+\s*$/ : /^(---|\.\.\.)\s*$/;
  let close = -1;
  for (let i = 1; i < Math.min(lines.length, 500); i++) {
    if (closeRe.test(lines[i] as string)) {
      close = i;
      break;
    }
  }
  if (close < 0) return none;
  const inner = lines.slice(1, close);
  if (toml) return { meta: metaFrom(readToml(inner)), bodyStart: close + 1 };
  const lang = (open?.[1] ?? '').toLowerCase();
  if (lang !== '' && lang !== 'yaml' && lang !== 'yml') {
    problems.push(problem(file, 1, 'warning', 'problem.post.fmLanguage', { lang: open?.[1] ?? '' }));
    return { meta: { tags: [] }, bodyStart: close + 1 };
  }
  try {
    // Options are always passed so gray-matter's cache (which shares `data` objects) is bypassed.
    const data = matter()(`${['---', ...inner, '---'].join('\n')}\n`, MATTER_OPTIONS as never).data as unknown;
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      return { meta: metaFrom(data as Record<string, unknown>), bodyStart: close + 1 };
    }
  } catch (e) {
    const err = e as { reason?: string; message?: string; mark?: { line?: number } };
    const line = typeof err.mark?.line === 'number' ? err.mark.line + 1 : 1;
    const reason = (err.reason ?? err.message ?? String(e)).split('\n')[0] ?? '';
    problems.push(problem(file, line, 'warning', 'problem.post.fmYaml', { reason }));
  }
  return { meta: { tags: [] }, bodyStart: close + 1 };
}
