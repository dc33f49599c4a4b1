import { Redirect, Route, Switch } from 'wouter';
import { AdminPage } from '../pages/admin';
import { GroupHomePage } from '../pages/group-home';
import { GroupsPage } from '../pages/groups';
import { MePage } from '../pages/me';
import { MeetingPage } from '../pages/meeting';
import { PlannerPage } from '../pages/planner';
import { RegisterPage } from '../pages/register';
import { ReportPage } from '../pages/report';
import { ReportsPage } from '../pages/reports';
import { SignInPage } from '../pages/sign-in';
import { ProblemMessage } from '../ui/problem-message';
import { useSession } from './session';
import { Shell } from './shell';

/** The console's pages, each at its own address (so a link to a meeting can be shared). */
export function App() {
  const { state } = useSession();
  if (state.status === 'loading')
    return (
      <p className="muted" aria-busy="true">
        Loading…
      </p>
    );
  if (state.status === 'unavailable')
    return (
      <main id="main" className="narrow">
        <h1>Correspondence groups</h1>
        <ProblemMessage problem={state.problem} />
      </main>
    );
  if (state.status === 'signed-out')
    return (
      <Switch>
        <Route path="/sign-in" component={SignInPage} />
        <Route>
          <Redirect to="/sign-in" replace />
        </Route>
      </Switch>
    );
  const principal = state.principal;
  return (
    <Switch>
      <Route path="/sign-in">
        <Redirect to="/" replace />
      </Route>
      <Route path="/">
        {principal.kind === 'participant' ? (
          <Redirect to={`/groups/${principal.groupId}`} replace />
        ) : (
          <Shell groupId={null}>
            <GroupsPage />
          </Shell>
        )}
      </Route>
      <Route path="/me">
        <Shell groupId={principal.kind === 'participant' ? principal.groupId : null}>
          <MePage />
        </Shell>
      </Route>
      <Route path="/groups/:groupId">
        {({ groupId }: { groupId: string }) => (
          <Shell groupId={groupId}>
            <GroupHomePage groupId={groupId} />
          </Shell>
        )}
      </Route>
      <Route path="/groups/:groupId/planner">
        {({ groupId }: { groupId: string }) => (
          <Shell groupId={groupId}>
            <PlannerPage groupId={groupId} />
          </Shell>
        )}
      </Route>
      <Route path="/groups/:groupId/meetings/:meetingId">
        {({ groupId, meetingId }: { groupId: string; meetingId: string }) => (
          <Shell groupId={groupId}>
            <MeetingPage groupId={groupId} meetingId={meetingId} />
          </Shell>
        )}
      </Route>
      <Route path="/groups/:groupId/reports">
        {({ groupId }: { groupId: string }) => (
          <Shell groupId={groupId}>
            <ReportsPage groupId={groupId} />
          </Shell>
        )}
      </Route>
      <Route path="/groups/:groupId/reports/:obligationId">
        {({ groupId, obligationId }: { groupId: string; obligationId: string }) => (
          <Shell groupId={groupId}>
            <ReportPage groupId={groupId} obligationId={obligationId} />
          </Shell>
        )}
      </Route>
      <Route path="/groups/:groupId/register">
        {({ groupId }: { groupId: string }) => (
          <Shell groupId={groupId}>
            <RegisterPage groupId={groupId} />
          </Shell>
        )}
      </Route>
      <Route path="/groups/:groupId/admin">
        {({ groupId }: { groupId: string }) => (
          <Shell groupId={groupId}>
            <AdminPage groupId={groupId} />
          </Shell>
        )}
      </Route>
      <Route>
        <Shell groupId={null}>
          <NotFound />
        </Shell>
      </Route>
    </Switch>
  );
}

function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>There is no page at this address.</p>
    </>
  );
}
