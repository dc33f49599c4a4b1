import { api } from '../../api/client';
import type { Principal } from '../../api/types';
import { LoadedView } from '../../ui/loaded';
import type { Loaded } from '../../ui/use-load';
import { When } from '../../ui/when';
import { actorName, FileLink, type ReportSummary } from './common';
import { TableWrap } from '../../ui/table-wrap';

const base = (groupId: string, obligationId: string) => `/v1/groups/${groupId}/obligations/${obligationId}/report`;

/** The .docx of one version (or of the draft's preview, without a version). */
export function DocxLink({
  groupId,
  obligationId,
  principal,
  version,
  original,
  children,
}: {
  groupId: string;
  obligationId: string;
  principal: Principal;
  version?: number;
  original?: boolean;
  children: string;
}) {
  const query = new URLSearchParams();
  if (version !== undefined) query.set('version', String(version));
  if (original) query.set('original', 'true');
  const search = query.size > 0 ? `?${query}` : '';
  return (
    <FileLink
      principal={principal}
      href={`${base(groupId, obligationId)}/document.docx${search}`}
      fetchFile={() =>
        api.GET('/v1/groups/{groupId}/obligations/{obligationId}/report/document.docx', {
          params: {
            path: { groupId, obligationId },
            query: { version, ...(original ? { original: 'true' as const } : {}) },
          },
          parseAs: 'blob',
        })
      }
    >
      {children}
    </FileLink>
  );
}

/** Every compiled version: drafts and frozen ones, with their documents and SHA-256. */
export function ReportVersions({
  groupId,
  obligationId,
  versions,
  principal,
  names,
}: {
  groupId: string;
  obligationId: string;
  versions: Loaded<{ items: ReportSummary[] }>;
  principal: Principal;
  names: Map<string, string>;
}) {
  return (
    <section aria-labelledby="versions">
      <h2 id="versions">Versions</h2>
      <LoadedView loaded={versions}>
        {(answer) =>
          answer.items.length === 0 ? (
            <p>No version was compiled yet.</p>
          ) : (
            <TableWrap label="Versions of the report">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">State</th>
                    <th scope="col">Compiled</th>
                    <th scope="col">Submitted</th>
                    <th scope="col">Document</th>
                  </tr>
                </thead>
                <tbody>
                  {[...answer.items].reverse().map((v) => (
                    <tr key={v.version}>
                      <th scope="row">{v.version}</th>
                      <td>
                        <span className="badge">{v.state}</span>
                      </td>
                      <td>
                        <When at={v.generatedAt} />
                      </td>
                      <td>
                        {v.document ? (
                          <>
                            <When at={v.document.submittedAt} /> by {actorName(v.document.submittedBy, names)}
                          </>
                        ) : (
                          <span className="muted">Not submitted</span>
                        )}
                      </td>
                      <td>
                        <VersionFiles groupId={groupId} obligationId={obligationId} principal={principal} version={v} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )
        }
      </LoadedView>
    </section>
  );
}

function VersionFiles({
  groupId,
  obligationId,
  principal,
  version: v,
}: {
  groupId: string;
  obligationId: string;
  principal: Principal;
  version: ReportSummary;
}) {
  const link = { groupId, obligationId, principal, version: v.version };
  if (!v.document) return <DocxLink {...link}>{`Preview of version ${v.version} (.docx)`}</DocxLink>;
  const d = v.document;
  return (
    <div className="stack">
      {d.numbered && d.tdNumber ? (
        <>
          <span>
            <DocxLink {...link}>{`${d.numbered.fileName} (numbered TD)`}</DocxLink>
            <br />
            <span className="muted">
              SHA-256 <code className="hash">{d.numbered.sha256}</code>
            </span>
          </span>
          <span>
            <DocxLink {...link} original>{`${d.fileName} (as submitted)`}</DocxLink>
            <br />
            <span className="muted">
              SHA-256 <code className="hash">{d.sha256}</code>, {d.bytes.toLocaleString('en')} bytes
            </span>
          </span>
        </>
      ) : (
        <span>
          <DocxLink {...link}>{`${d.fileName} (as submitted)`}</DocxLink>
          <br />
          <span className="muted">
            SHA-256 <code className="hash">{d.sha256}</code>, {d.bytes.toLocaleString('en')} bytes
          </span>
        </span>
      )}
      {d.tdNumber && <span>TD number {d.tdNumber}</span>}
    </div>
  );
}
