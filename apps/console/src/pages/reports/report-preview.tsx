import { useState } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Principal } from '../../api/types';
import { LoadedView } from '../../ui/loaded';
import { useLoad } from '../../ui/use-load';
import type { ReportSummary } from './common';
import { MarkdownView } from './markdown-view';
import { DocxLink } from './report-versions';

/**
 * The report as it will read: the Markdown the API renders (the TD's headings and tables), shown
 * as page elements; without a version, the draft as it stands (compiled now if there is none).
 */
export function ReportPreview({
  groupId,
  obligationId,
  versions,
  principal,
  generation,
}: {
  groupId: string;
  obligationId: string;
  versions: ReportSummary[];
  principal: Principal;
  /** Raised when the report changed: the preview is read again. */
  generation: number;
}) {
  const [choice, setChoice] = useState('');
  const [source, setSource] = useState(false);
  const version = choice === '' ? undefined : Number(choice);
  const hasDraft = versions.length === 0 || versions.some((v) => v.state === 'draft');
  const markdown = useLoad(
    () =>
      settle(
        api.GET('/v1/groups/{groupId}/obligations/{obligationId}/report/document.md', {
          params: { path: { groupId, obligationId }, query: version === undefined ? {} : { version } },
          parseAs: 'text',
        }),
      ),
    [groupId, obligationId, version, generation],
  );

  return (
    <section aria-labelledby="preview">
      <h2 id="preview">Preview</h2>
      <div className="row">
        <label>
          Version to preview
          <select value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">{hasDraft ? 'The draft as it stands' : 'The latest version'}</option>
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                Version {v.version} ({v.state})
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={source} onChange={(e) => setSource(e.target.checked)} /> Show the Markdown
          source
        </label>
      </div>
      <p>
        <DocxLink groupId={groupId} obligationId={obligationId} principal={principal} version={version}>
          {version !== undefined
            ? `Download version ${version} as Word (.docx)`
            : hasDraft
              ? 'Download the draft as Word (.docx)'
              : 'Download the latest version as Word (.docx)'}
        </DocxLink>
      </p>
      <LoadedView loaded={markdown}>
        {(text) =>
          source ? (
            <pre className="report-source" tabIndex={0} aria-label="Markdown source of the report">
              {text}
            </pre>
          ) : (
            <article className="report-preview card" aria-label="Preview of the report">
              <MarkdownView markdown={text ?? ''} headingLevel={3} />
            </article>
          )
        }
      </LoadedView>
    </section>
  );
}
