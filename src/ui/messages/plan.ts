/** Messages of the model grader and `plan`: English and Simplified Chinese, same keys in both. */
export const en = {
  'grader.disclose':
    'Typed answers are graded by the model {model} at {url}: it receives the question, the reference answer, the key points and what you typed{key}. (Shown once; `llm-quiz config set grader_url ""` turns it off.)',
  'grader.disclose.key': ', with the key from the environment variable {env}',
  'grader.fallback.no-key': 'Model grader: the environment variable {detail} is not set; checked offline instead.',
  'grader.fallback.timeout': 'Model grader: no reply within {detail}; checked offline instead.',
  'grader.fallback.network': 'Model grader: cannot reach it ({detail}); checked offline instead.',
  'grader.fallback.http': 'Model grader: HTTP {detail} (a wrong key or model?); checked offline instead.',
  'grader.fallback.malformed': 'Model grader: its reply was not the JSON asked for ({detail}); checked offline instead.',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'grader.disclose':
    '输入的答案由 {url} 上的模型 {model} 评分：它会收到题目、参考答案、要点和你输入的内容{key}。（只提示这一次；`llm-quiz config set grader_url ""` 可关闭。）',
  'grader.disclose.key': '，密钥取自 the environment variable {env}',
  'grader.fallback.no-key': '模型评分：没有设置环境变量 {detail}；已改用离线检查。',
  'grader.fallback.timeout': '模型评分：{detail} 内没有回复；已改用离线检查。',
  'grader.fallback.network': '模型评分：无法连接（{detail}）；已改用离线检查。',
  'grader.fallback.http': '模型评分：HTTP {detail}（密钥或模型名不对？）；已改用离线检查。',
  'grader.fallback.malformed': '模型评分：回复不是所要求的 JSON（{detail}）；已改用离线检查。',
};
