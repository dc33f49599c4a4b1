import { useCallback, useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';

/**
 * Imports work items from a CSV file (the export's columns): added or updated by identifier,
 * all or none; a bad line refuses the whole file, and the problem names each line.
 */
export function CsvImport({ groupId, onChange }: { groupId: string; onChange: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const id = useId();
  const upload = useAction(
    useCallback(
      async (csv: string) =>
        settle(
          api.POST('/v1/groups/{groupId}/work-items.csv', {
            params: { path: { groupId } },
            body: csv,
            bodySerializer: (body: string) => body,
            headers: { 'content-type': 'text/csv' },
          }),
        ),
      [groupId],
    ),
    (answer) => {
      setDone(`Imported: ${answer.added} added, ${answer.changed} changed, ${answer.unchanged} unchanged.`);
      onChange();
    },
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setDone(null);
    await upload.run(await file.text());
  };
  return (
    <details>
      <summary>Import work items from a CSV file</summary>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <p id={`${id}-hint`} className="muted">
          The columns of the CSV download (identifier, kind, title, studyGroup, status, statusDate, link, topics; topics
          separated by &ldquo;;&rdquo;). Items are added or changed by identifier; a file with any bad line changes
          nothing.
        </p>
        <label>
          CSV file
          <input
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${id}-hint`}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <button type="submit" disabled={!file || upload.busy}>
          {upload.busy ? 'Importing…' : 'Import the file'}
        </button>
        <ProblemMessage problem={upload.problem} />
        {done && (
          <p role="status" className="ok">
            {done}
          </p>
        )}
      </form>
    </details>
  );
}
