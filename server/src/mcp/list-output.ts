import { z } from 'zod';
import { pageOutput } from '../common/pagination/cursor.js';

/** A page of items, as `pageOutput` builds it, with the items array described. */
export function listOutput<Item extends z.ZodObject>(item: Item, plural: string) {
  const page = pageOutput(item);
  return page.extend({ items: page.shape.items.describe(`The ${plural} on this page.`) });
}
