/** Messages of daily use (what is left, units, card commands): English and Simplified Chinese, same keys in both. */
export const en = {
  'study.left.time': '~{time} left',
  'study.left.cram': 'cram · {n} left',
  'unit.s': '{n}s',
  'unit.m': '{n}m',
  'unit.h': '{n}h',
  'unit.d': '{n}d',
  'unit.mo': '{n}mo',
  'unit.y': '{n}y',
  'duration.s': '{n} s',
  'duration.m': '{n} min',
  'duration.hm': '{h} h {m} min',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'study.left.time': '约剩 {time}',
  'study.left.cram': '突击 · 剩 {n} 张',
  'unit.s': '{n}秒',
  'unit.m': '{n}分钟',
  'unit.h': '{n}小时',
  'unit.d': '{n}天',
  'unit.mo': '{n}个月',
  'unit.y': '{n}年',
  'duration.s': '{n} 秒',
  'duration.m': '{n} 分钟',
  'duration.hm': '{h} 小时 {m} 分钟',
};
