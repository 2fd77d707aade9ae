/** Messages of the study command(s): English and Simplified Chinese, same keys in both. */
export const en = {} as const;

export const zh: Record<keyof typeof en, string> = {};
