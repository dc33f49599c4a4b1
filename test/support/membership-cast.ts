import type { ApiKeyOwner, ConvenorAppointment, Group, Meeting, Organization, Participant } from '@jcg/contracts';
import { groupRegistration } from '@jcg/testing';
import type { Http, HttpResult } from './http';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

function ok<T>(result: HttpResult<T>, what: string): T {
  if (result.status >= 300) throw new Error(`${what} answered ${result.status}: ${result.text}`);
  return result.body;
}

/** Builds membership state through the public API, as its users would. */
export class MembershipCast {
  constructor(
    readonly http: Http,
    readonly adminKey: string,
  ) {}

  async group(acronym = `CG-${unique()}`, overrides: Parameters<typeof groupRegistration>[1] = {}): Promise<Group> {
    return ok(
      await this.http.post<Group>('/v1/groups', groupRegistration(acronym, overrides), this.adminKey),
      'register group',
    );
  }

  async organization(studyGroups: string[], name = `Org ${unique()}`): Promise<Organization> {
    return ok(
      await this.http.post<Organization>(
        '/v1/organizations',
        { name, category: 'sector-member', studyGroups },
        this.adminKey,
      ),
      'register organization',
    );
  }

  async admit(groupId: string, organizationId: string): Promise<void> {
    ok(
      await this.http.post(`/v1/groups/${groupId}/organizations`, { organizationId }, this.adminKey),
      'admit organization',
    );
  }

  async participant(
    groupId: string,
    organizationId: string,
    name = `Person ${unique()}`,
    role: 'participant' | 'observer' = 'participant',
  ): Promise<Participant> {
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.org`;
    return ok(
      await this.http.post<Participant>(
        `/v1/groups/${groupId}/participants`,
        { organizationId, name, email, timeZone: 'Europe/Zurich', role },
        this.adminKey,
      ),
      'register participant',
    );
  }

  async appoint(
    groupId: string,
    studyGroup: string,
    participantId: string,
    appointedOn = '2026-01-20',
    reference = `SG-R-${unique()}`,
  ): Promise<ConvenorAppointment> {
    return ok(
      await this.http.post<ConvenorAppointment>(
        `/v1/groups/${groupId}/convenors`,
        { studyGroup, participantId, appointedOn, reference },
        this.adminKey,
      ),
      'appoint co-convenor',
    );
  }

  async key(owner: ApiKeyOwner, label = `key ${unique()}`): Promise<string> {
    return ok(await this.http.post<{ key: string }>('/v1/api-keys', { label, owner }, this.adminKey), 'create key').key;
  }

  /** A one-hour meeting of the scene's group starting at `startsAt` (epoch ms), proposed by its co-convenor. */
  async meeting(
    scene: { group: Group; convenorKey: string },
    title: string,
    startsAt: number,
    extra: Record<string, unknown> = {},
  ): Promise<Meeting> {
    const body = {
      title,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 3600_000).toISOString(),
      ...extra,
    };
    return ok(
      await this.http.post<Meeting>(`/v1/groups/${scene.group.id}/meetings`, body, scene.convenorKey),
      'propose meeting',
    );
  }

  /** Waits until agenda made the meeting's draft agenda from the template (it learns of the meeting by event). */
  async draftAgenda(groupId: string, meetingId: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if ((await this.http.get(`/v1/groups/${groupId}/meetings/${meetingId}/agenda`, this.adminKey)).status === 200)
        return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Timed out waiting for the draft agenda of ${meetingId}`);
  }

  /** A group with an eligible organization, a participant and a co-convenor (appointed for SG17), each with a key. */
  async scene(acronym?: string) {
    const group = await this.group(acronym);
    const organization = await this.organization(['SG17', 'SG20']);
    await this.admit(group.id, organization.id);
    const participant = await this.participant(group.id, organization.id);
    const convenor = await this.participant(group.id, organization.id);
    await this.appoint(group.id, 'SG17', convenor.id);
    return {
      group,
      organization,
      participant,
      participantKey: await this.key({ kind: 'participant', participantId: participant.id }),
      convenor,
      convenorKey: await this.key({ kind: 'participant', participantId: convenor.id }),
    };
  }
}
