import { asProblem, type Problem } from './problem';

export type Result<T> = { ok: true; data: T } | { ok: false; problem: Problem };

/**
 * An openapi-fetch answer as data or a problem: the one way every page reads an answer.
 * Throws nothing, so a page always has something to show.
 */
export async function settle<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Result<T>> {
  try {
    const { data, error, response } = await call;
    if (response.ok) return { ok: true, data: data as T };
    return { ok: false, problem: asProblem(error, response.status) };
  } catch (error) {
    return { ok: false, problem: asProblem(error) };
  }
}
