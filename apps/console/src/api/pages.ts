import { asProblem } from './problem';
import type { Result } from './result';

/** Follows a cursor-paginated list to its end (the console's lists are a group's, a few thousand at most). */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<Result<{ items: T[]; nextCursor: string | null }>>,
): Promise<Result<T[]>> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const result = await page(cursor);
    if (!result.ok) return result;
    items.push(...result.data.items);
    if (!result.data.nextCursor) return { ok: true, data: items };
    cursor = result.data.nextCursor;
  }
  return { ok: false, problem: asProblem('The list is longer than the console can show') };
}
