/**
 * `llm-quiz import-progress FILE`. The merge itself is shared with `llm-quiz import`, which hands
 * json exports to it, so it lives in shared/progress-import.ts (commands never import each other).
 */
export { runImportProgress } from './shared/progress-import.js';
