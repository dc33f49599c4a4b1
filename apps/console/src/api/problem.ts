/** An RFC 9457 problem document as the API writes it. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  /** What was wrong with the request, one line per field (a 400's detail joins them). */
  issues?: string[];
  correlationId?: string;
  [extension: string]: unknown;
}

/** Whatever came back on failure (a problem document, or a network error) as a problem. */
export function asProblem(error: unknown, status = 0): Problem {
  if (error && typeof error === 'object' && 'title' in error) return error as Problem;
  if (error instanceof Error) return { title: 'The API could not be reached', status, detail: error.message };
  return { title: 'Something went wrong', status, detail: typeof error === 'string' ? error : undefined };
}

/** One readable sentence for a problem (title, then detail when it adds something). */
export function problemText(problem: Problem): string {
  const detail = problem.detail && problem.detail !== problem.title ? `: ${problem.detail}` : '';
  return `${problem.title}${detail}`;
}
