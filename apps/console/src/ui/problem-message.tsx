import type { Problem } from '../api/problem';

/**
 * A problem+json answer as a readable message: its title, then its detail, or one line per
 * field when the request had several things wrong.
 */
export function ProblemMessage({ problem }: { problem: Problem | null }) {
  if (!problem) return null;
  const issues = problem.issues ?? [];
  return (
    <div className="problem" role="alert">
      <strong>{problem.title}</strong>
      {issues.length > 1 ? (
        <ul>
          {issues.map((issue, i) => (
            <li key={i}>{issue}</li>
          ))}
        </ul>
      ) : (
        problem.detail && problem.detail !== problem.title && <p>{problem.detail}</p>
      )}
    </div>
  );
}
