const UUID_SHAPE = 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx';

/**
 * The id range that starts with a typed prefix: ids are UUIDs, which order byte-wise like
 * their hex text, so "0197a" means every id from 0197a000-0000-… to 0197afff-ffff-….
 * Undefined when the text cannot start a UUID (then nothing matches).
 */
export function uuidPrefixRange(prefix: string): { gte: string; lte: string } | undefined {
  const typed = prefix.toLowerCase();
  if (typed.length > UUID_SHAPE.length) return undefined;
  for (let i = 0; i < typed.length; i++) {
    const expected = UUID_SHAPE[i] === '-' ? /-/ : /[0-9a-f]/;
    if (!expected.test(typed[i]!)) return undefined;
  }
  const fill = (digit: string) => typed + UUID_SHAPE.slice(typed.length).replace(/x/g, digit);
  return { gte: fill('0'), lte: fill('f') };
}
