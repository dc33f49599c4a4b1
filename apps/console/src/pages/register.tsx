import { useCallback, useState } from 'react';
import { api } from '../api/client';
import { settle } from '../api/result';
import { usePrincipal } from '../app/session';
import { useLoad } from '../ui/use-load';
import { mayConvene } from '../app/access';
import { convenorsOnly } from './reports/common';
import { RegisterChanges } from './register/changes';
import { calendarDay } from '../time/format';
import { OverlapMatrixSection } from './register/overlap-matrix';
import { Topics } from './register/topics';
import { WorkItems } from './register/work-items';
import './register/register.css';

/**
 * The register of each study group's IoT-security work (objective a), its topics, and the overlap
 * matrix with the proposed demarcation line (objectives b and c), now or as it stood on a date.
 */
export function RegisterPage({ groupId }: { groupId: string }) {
  const principal = usePrincipal();
  const [asOf, setAsOf] = useState('');
  const [generation, setGeneration] = useState(0);
  const group = useLoad(() => settle(api.GET('/v1/groups/{groupId}', { params: { path: { groupId } } })), [groupId]);
  const topics = useLoad(
    () => settle(api.GET('/v1/groups/{groupId}/topics', { params: { path: { groupId } } })),
    [groupId, generation],
  );
  const changed = useCallback(() => setGeneration((g) => g + 1), []);
  const mayChange = mayConvene(principal, groupId);
  const whyNot = asOf
    ? `You are reading the register as it stood on ${calendarDay(asOf)}; clear the date to change it.`
    : mayChange
      ? null
      : convenorsOnly(principal, 'change the register, its topics and the demarcation');
  const editable = mayChange && !asOf;
  const studyGroups = group.status === 'ready' ? group.data.studyGroups : [];
  const topicList = topics.status === 'ready' ? topics.data.items : [];

  return (
    <div className="register">
      <h1>Work-item register</h1>
      <p>
        Each study group&rsquo;s IoT-security work items (Questions, Recommendations, drafts) on the group&rsquo;s
        topics. The report compiles from it the overlap and gap matrix and the proposed demarcation line.
      </p>
      <form className="row" onSubmit={(e) => e.preventDefault()} aria-label="Date of the register">
        <label>
          Register as it stood on (end of the day, Geneva)
          <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} max="9999-12-31" />
        </label>
        {asOf && (
          <button type="button" className="secondary" onClick={() => setAsOf('')}>
            Show the register now
          </button>
        )}
      </form>
      {whyNot && <p className="muted">{whyNot}</p>}

      <WorkItems
        groupId={groupId}
        asOf={asOf}
        principal={principal}
        editable={editable}
        studyGroups={studyGroups}
        topics={topicList}
        generation={generation}
        onChange={changed}
      />
      <OverlapMatrixSection
        groupId={groupId}
        asOf={asOf}
        editable={editable}
        generation={generation}
        onChange={changed}
      />
      <Topics topics={topics} groupId={groupId} editable={editable} onChange={changed} />
      <RegisterChanges groupId={groupId} generation={generation} topics={topicList} />
    </div>
  );
}
