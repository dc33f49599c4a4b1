import type { Problem } from '../api/problem';

/** A problem+json answer as a readable message, with the fields it names. */
export function ProblemMessage({ problem }: { problem: Problem | null }) {
  if (!problem) return null;
  return (
    <div className="problem" role="alert">
      <strong>{problem.title}</strong>
      {problem.detail && problem.detail !== problem.title && <p>{problem.detail}</p>}
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e, i) => (
            <li key={i}>
              {e.path || e.pointer ? <code>{e.path ?? e.pointer}</code> : null} {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
