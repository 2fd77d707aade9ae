/**
 * Plural forms inside catalogue messages, the ICU way: `{n, plural, one {# card} other {# cards}}`
 * picks the form `Intl.PluralRules` gives for the number (English: one/other; Chinese has only
 * `other`, so its messages need no such block). `#` stands for the number. A message may have
 * several blocks (`{decks, plural, …}, {cards, plural, …}`).
 */
const BLOCK = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const FORM = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

const rules = new Map<string, Intl.PluralRules>();

function rulesOf(lang: string): Intl.PluralRules {
  let r = rules.get(lang);
  if (!r) {
    r = new Intl.PluralRules(lang);
    rules.set(lang, r);
  }
  return r;
}

/** Replaces each plural block by the form for its parameter's number (left as is without a number). */
export function selectPlurals(template: string, params: Readonly<Record<string, unknown>>, lang: string): string {
  if (!template.includes(', plural,')) return template;
  return template.replace(BLOCK, (whole, name: string, body: string) => {
    const value = Object.hasOwn(params, name) ? Number(params[name]) : Number.NaN;
    if (!Number.isFinite(value)) return whole;
    const forms = new Map<string, string>();
    for (const m of body.matchAll(FORM)) forms.set(m[1] as string, m[2] as string);
    const form = forms.get(`=${value}`) ?? forms.get(rulesOf(lang).select(value)) ?? forms.get('other') ?? '';
    return form.replaceAll('#', `{${name}}`);
  });
}
