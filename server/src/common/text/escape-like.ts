/**
 * Prisma turns `contains`, and `equals` with mode 'insensitive', into LIKE/ILIKE without
 * escaping, so a client's `%` or `_` would act as a wildcard. Escape them (backslash is
 * PostgreSQL's default LIKE escape) so text filters match literally.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
