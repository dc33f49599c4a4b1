import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Participant } from '../../api/types';
import { LoadedView } from '../../ui/loaded';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { useLoad } from '../../ui/use-load';
import { When } from '../../ui/when';
import type { ApiKey } from './abilities';
import { CreateKeyForm, type CreatedKey } from './api-key-form';
import { CopyField } from './copy-field';
import { TableWrap } from '../../ui/table-wrap';

/** API keys (administrators only): list, create (the key shown once), revoke. */
export function ApiKeysSection({ participants, ownKeyId }: { participants: Participant[]; ownKeyId: string | null }) {
  const keys = useLoad(() => settle(api.GET('/v1/api-keys')), []);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const names = new Map(participants.map((p) => [p.id, p.name]));
  const ownerText = (key: ApiKey) =>
    key.owner.kind === 'admin'
      ? 'Administrator'
      : key.owner.kind === 'integrator'
        ? 'TSB (integrator)'
        : `Participant: ${names.get(key.owner.participantId) ?? `another group's participant (${key.owner.participantId})`}`;

  return (
    <section aria-labelledby="api-keys">
      <h2 id="api-keys">API keys</h2>
      <p className="muted">
        Machines (and administrators) use API keys; people sign in by e-mail link. Only a hash of each key is kept.
      </p>
      <LoadedView loaded={keys}>
        {(answer) => (
          <KeyTable items={answer.items} ownerText={ownerText} ownKeyId={ownKeyId} onRevoked={keys.reload} />
        )}
      </LoadedView>
      {created && <NewKey created={created} onDone={() => setCreated(null)} />}
      <CreateKeyForm
        participants={participants}
        onCreated={(answer) => {
          setCreated(answer);
          keys.reload();
        }}
      />
    </section>
  );
}

/** The new key, once: with a copy button and the warning that it cannot be shown again. */
function NewKey({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [created]);
  return (
    <div className="adm-panel stack" role="region" aria-labelledby="new-key">
      <h3 id="new-key" ref={heading} tabIndex={-1}>
        New key &ldquo;{created.apiKey.label}&rdquo;
      </h3>
      <p className="adm-notice">
        <strong>Copy this key now: it is shown only this once.</strong> The system keeps only a hash of it and cannot
        show it again; if it is lost, create a new key and revoke this one.
      </p>
      <CopyField label="New API key" value={created.key} />
      <button type="button" className="secondary" onClick={onDone}>
        I have copied the key: hide it
      </button>
    </div>
  );
}

function KeyTable({
  items,
  ownerText,
  ownKeyId,
  onRevoked,
}: {
  items: ApiKey[];
  ownerText: (key: ApiKey) => string;
  ownKeyId: string | null;
  onRevoked: () => void;
}) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const revoke = useAction(
    (keyId: string) => settle(api.DELETE('/v1/api-keys/{keyId}', { params: { path: { keyId } } })),
    () => {
      setConfirming(null);
      onRevoked();
    },
  );
  const [showRevoked, setShowRevoked] = useState(false);
  const shown = items
    .filter((k) => showRevoked || k.revokedAt === null)
    .sort(
      (a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt),
    );
  const revokedCount = items.filter((k) => k.revokedAt !== null).length;

  return (
    <>
      <label className="inline">
        <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} /> Show revoked
        keys ({revokedCount})
      </label>
      {shown.length === 0 ? (
        <p>No key to show.</p>
      ) : (
        <TableWrap label="List of API keys">
          <table className="adm-table">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">For</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((k) => (
                <tr key={k.id}>
                  <th scope="row">
                    {k.label}
                    {k.id === ownKeyId && <span className="muted"> (the key you are using)</span>}
                  </th>
                  <td>{ownerText(k)}</td>
                  <td>
                    <When at={k.createdAt} />
                  </td>
                  <td>{k.lastUsedAt ? <When at={k.lastUsedAt} /> : <span className="muted">never</span>}</td>
                  <td>
                    {k.revokedAt ? (
                      <span className="muted">
                        Revoked <When at={k.revokedAt} />
                      </span>
                    ) : k.id === ownKeyId ? (
                      <span>
                        Active <span className="muted">(revoke it with another administrator key)</span>
                      </span>
                    ) : confirming === k.id ? (
                      <div className="stack" role="group" aria-label={`Confirm revoking ${k.label}`}>
                        <span>Revoke &ldquo;{k.label}&rdquo;? It is refused from its next request on.</span>
                        <div className="adm-actions">
                          <button
                            type="button"
                            className="danger"
                            disabled={revoke.busy}
                            onClick={() => void revoke.run(k.id)}
                          >
                            Yes, revoke
                          </button>
                          <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                            Keep it
                          </button>
                        </div>
                        <ProblemMessage problem={revoke.problem} />
                      </div>
                    ) : (
                      <div className="adm-actions">
                        <span className="ok">Active</span>
                        <button
                          type="button"
                          className="secondary"
                          aria-label={`Revoke ${k.label}`}
                          onClick={() => {
                            revoke.clear();
                            setConfirming(k.id);
                          }}
                        >
                          Revoke…
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
