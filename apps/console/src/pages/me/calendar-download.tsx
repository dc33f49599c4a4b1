import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import type { Result } from '../../api/result';

/** Saves a text answer as a file (the browser's download), so it can be opened with a calendar application. */
function save(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/calendar;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A button that fetches an iCalendar document through the API (so the session, or an
 * administrator's key, goes with it) and saves it; a refusal shows as the API's problem.
 */
export function CalendarDownload({
  load,
  fileName,
  children,
}: {
  load: () => Promise<Result<string>>;
  fileName: string;
  children: string;
}) {
  const download = useAction(load, (text) => save(text, fileName));
  return (
    <div className="stack">
      <button type="button" className="secondary" disabled={download.busy} onClick={() => void download.run()}>
        {download.busy ? 'Preparing…' : children}
      </button>
      <ProblemMessage problem={download.problem} />
    </div>
  );
}
