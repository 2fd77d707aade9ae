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

/** Replaces each plural block by the form for its parameter's number (left as is when the parameter is missing). */
export function selectPlurals(template: string, params: Readonly<Record<string, unknown>>, lang: string): string {
  if (!template.includes(', plural,')) return template;
  return template.replace(BLOCK, (whole, name: string, body: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = Number(params[name]);
    const forms = new Map<string, string>();
    for (const m of body.matchAll(FORM)) forms.set(m[1] as string, m[2] as string);
    // Not a number (a range like `2-3`): the general form.
    const category = Number.isFinite(value) ? rulesOf(lang).select(value) : 'other';
    const form = forms.get(`=${value}`) ?? forms.get(category) ?? forms.get('other') ?? '';
    return form.replaceAll('#', `{${name}}`);
  });
}
