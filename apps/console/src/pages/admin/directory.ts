import { api } from '../../api/client';
import { allPages } from '../../api/pages';
import { settle, type Result } from '../../api/result';
import type { Participant } from '../../api/types';
import { useLoad } from '../../ui/use-load';
import type { Abilities, Organization } from './abilities';

/** Everyone of the group, and the organizations as far as the principal may see them. */
export interface Directory {
  /** Every participant of the group, whatever their status, oldest first. */
  participants: Participant[];
  /** Every organization (administrators and TSB only: `GET /v1/organizations`), by name. */
  organizations: Organization[] | null;
  /** Organization names by id, as far as they are known to this principal. */
  organizationNames: Map<string, string>;
}

async function loadDirectory(groupId: string, abilities: Abilities): Promise<Result<Directory>> {
  const participants = await allPages((cursor) =>
    settle(
      api.GET('/v1/groups/{groupId}/participants', { params: { path: { groupId }, query: { limit: 200, cursor } } }),
    ),
  );
  if (!participants.ok) return participants;
  const organizationNames = new Map<string, string>();
  let organizations: Organization[] | null = null;
  if (abilities.canManageOrganizations) {
    const all = await allPages((cursor) =>
      settle(api.GET('/v1/organizations', { params: { query: { limit: 200, cursor } } })),
    );
    if (!all.ok) return all;
    organizations = [...all.data].sort((a, b) => a.name.localeCompare(b.name));
    for (const o of organizations) organizationNames.set(o.id, o.name);
  } else if (abilities.isConvenor) {
    // A co-convenor may not list organizations; the roster names the organization of each active
    // participant, which gives the names of the organizations represented in the group.
    const roster = await settle(api.GET('/v1/groups/{groupId}/roster.json', { params: { path: { groupId } } }));
    if (!roster.ok) return roster;
    const byEmail = new Map(roster.data.items.map((entry) => [entry.email.toLowerCase(), entry.organization]));
    for (const p of participants.data) {
      const name = byEmail.get(p.email.toLowerCase());
      if (name) organizationNames.set(p.organizationId, name);
    }
  }
  return { ok: true, data: { participants: participants.data, organizations, organizationNames } };
}

export function useDirectory(groupId: string, abilities: Abilities) {
  return useLoad(
    () => loadDirectory(groupId, abilities),
    [groupId, abilities.canManageOrganizations, abilities.isConvenor],
  );
}

/** The organizations a participant may be registered through, as far as the principal knows them. */
export function organizationChoices(directory: Directory): { id: string; name: string }[] {
  if (directory.organizations) return directory.organizations.map((o) => ({ id: o.id, name: o.name }));
  return [...directory.organizationNames]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
