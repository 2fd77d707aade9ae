/** Stands in for node-emoji in the bundle: llm-quiz renders with `emoji: false`, so nothing calls it. */
export function get(_name: string): string | undefined {
  return undefined;
}
