/** The spec's cap on completion values per answer. */
export const MAX_COMPLETIONS = 100;

/** A completion answer: at most 100 values, with hasMore (and total when it is known exactly). */
export interface CompletionPage {
  values: string[];
  total?: number;
  hasMore: boolean;
}

/**
 * Pages values fetched with one extra row beyond the cap: an extra row means "more", and
 * only a complete answer can state its total without a second, counting query.
 */
export function completionPage(candidates: readonly string[]): CompletionPage {
  const unique = [...new Set(candidates)];
  const hasMore = unique.length > MAX_COMPLETIONS;
  const values = unique.slice(0, MAX_COMPLETIONS);
  return hasMore ? { values, hasMore } : { values, total: values.length, hasMore };
}

/** Case-insensitive prefix match over a fixed list (statuses, priorities). */
export function completeFrom(options: readonly string[], typed: string): CompletionPage {
  const prefix = typed.toLowerCase();
  return completionPage(options.filter((option) => option.toLowerCase().startsWith(prefix)));
}
