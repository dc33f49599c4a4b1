import type { z } from 'zod';
import type { CommandContract, EventContract } from './contract.js';
import * as agenda from './agenda/agenda.contracts.js';
import * as meetings from './meetings/meetings.contracts.js';
import * as membership from './membership/membership.contracts.js';
import * as deliveries from './notifications/deliveries.contracts.js';
import * as feeds from './notifications/feeds.contracts.js';
import * as reporting from './reporting/reporting.contracts.js';
import * as register from './reporting/register.contracts.js';
import * as reports from './reporting/reports.contracts.js';
import { readinessChecks } from './system/readiness.contracts.js';
import * as sessions from './sessions/sessions.contracts.js';
import * as webhooks from './webhooks/webhooks.contracts.js';
import type { QueueServiceName } from './services.js';

/**
 * Every message the services exchange. A name here is a queue job name stored in Redis:
 * never rename one; add a new name (and keep the old one until nothing sends it).
 */
const commandList = [
  membership.registerGroup,
  membership.listGroups,
  membership.getGroup,
  membership.listTorVersions,
  membership.getTorVersion,
  membership.proposeTorRevision,
  membership.sendTorRevision,
  membership.decideTorRevision,
  membership.extendGroup,
  membership.setGroupStudyGroups,
  membership.concludeGroup,
  membership.listGroupDecisions,
  membership.registerOrganization,
  membership.listOrganizations,
  membership.getOrganization,
  membership.setParticipation,
  membership.admitOrganization,
  membership.registerParticipant,
  membership.updateParticipant,
  membership.leaveGroup,
  membership.listParticipants,
  membership.getParticipant,
  membership.getRoster,
  membership.appointConvenor,
  membership.convenorHistory,
  membership.createApiKey,
  membership.listApiKeys,
  membership.getApiKey,
  membership.revokeApiKey,
  membership.authenticate,
  meetings.proposeMeeting,
  meetings.getMeeting,
  meetings.listMeetings,
  meetings.concurMeeting,
  meetings.suggestSlots,
  meetings.provisionMeeting,
  meetings.announceMeeting,
  meetings.moveMeeting,
  meetings.cancelMeeting,
  meetings.scheduleAnnouncement,
  meetings.recordMeeting,
  meetings.closeMeeting,
  agenda.getAgenda,
  agenda.ensureDraftAgenda,
  agenda.setAgendaItems,
  agenda.adoptAgenda,
  feeds.groupFeed,
  feeds.participantFeed,
  feeds.issueFeedToken,
  deliveries.deliverySummary,
  deliveries.replayDeliveries,
  reporting.putBodyMeeting,
  reporting.cancelBodyMeeting,
  reporting.listBodyMeetings,
  reporting.getBodyMeeting,
  reporting.listObligations,
  reporting.lateObligations,
  reporting.submitReport,
  reporting.acknowledgeReport,
  reporting.deadlineFeed,
  register.putTopic,
  register.listTopics,
  register.createWorkItem,
  register.updateWorkItem,
  register.removeWorkItem,
  register.importWorkItems,
  register.listWorkItems,
  register.workItemHistory,
  register.overlapMatrix,
  register.putDemarcation,
  register.demarcationHistory,
  reports.compileReport,
  reports.getReport,
  reports.listReportVersions,
  reports.writeNarrative,
  reports.narrativeHistory,
  reports.reportDocument,
  reports.submitCompiledReport,
  sessions.requestSignInLink,
  sessions.redeemSignInLink,
  sessions.openSession,
  sessions.authenticateSession,
  sessions.revokeSessions,
  webhooks.createWebhookEndpoint,
  webhooks.listWebhookEndpoints,
  webhooks.getWebhookEndpoint,
  webhooks.updateWebhookEndpoint,
  webhooks.deleteWebhookEndpoint,
  webhooks.rotateWebhookSecret,
  webhooks.listWebhookMessages,
  webhooks.getWebhookMessage,
  webhooks.replayWebhookMessage,
  webhooks.replayFailedWebhooks,
  webhooks.receiveInboundWebhook,
  readinessChecks.meetings,
  readinessChecks.agenda,
  readinessChecks.membership,
  readinessChecks.reporting,
  readinessChecks.notifications,
] as const;

const eventList = [
  membership.groupRegistered,
  membership.groupTorRevised,
  membership.groupExtended,
  membership.groupConcluded,
  membership.groupStudyGroupsChanged,
  membership.organizationParticipationChanged,
  membership.participantJoined,
  membership.participantUpdated,
  membership.participantSuspended,
  membership.participantRestored,
  membership.participantLeft,
  membership.convenorAppointed,
  meetings.meetingProposed,
  meetings.meetingAgreed,
  meetings.meetingAnnounced,
  meetings.meetingChanged,
  meetings.meetingCancelled,
  meetings.meetingAnnouncementReminder,
  meetings.meetingAnnouncementMissed,
  agenda.agendaRevised,
  reporting.bodyMeetingScheduled,
  reporting.bodyMeetingMoved,
  reporting.bodyMeetingCancelled,
  reporting.reportOpened,
  reporting.reportDueMoved,
  reporting.reportReminder,
  reporting.reportOverdue,
  reporting.reportMissed,
  reporting.reportSubmitted,
  reports.reportDrafted,
  reporting.reportAcknowledged,
  reporting.reportCancelled,
] as const;

type CommandUnion = (typeof commandList)[number];
type EventUnion = (typeof eventList)[number];

export type CommandName = CommandUnion['name'];
export type EventType = EventUnion['type'];
export type CommandOf<N extends CommandName> = Extract<CommandUnion, { name: N }>;
export type EventOf<T extends EventType> = Extract<EventUnion, { type: T }>;
/** What a sender passes (defaults not yet applied). */
export type RequestInput<N extends CommandName> = z.input<CommandOf<N>['request']>;
/** What a handler receives (validated, defaults applied). */
export type RequestOf<N extends CommandName> = z.output<CommandOf<N>['request']>;
export type ResponseOf<N extends CommandName> = z.output<CommandOf<N>['response']>;
export type EventDataOf<T extends EventType> = z.output<EventOf<T>['data']>;

function indexBy<T, K extends string>(items: readonly T[], key: (item: T) => K, what: string): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (map.has(k)) throw new Error(`The contracts catalogue lists the ${what} "${k}" twice`);
    map.set(k, item);
  }
  return map;
}

export const COMMANDS: ReadonlyMap<string, CommandContract> = indexBy<CommandContract, string>(
  commandList,
  (c) => c.name,
  'command',
);
/**
 * Every event is public: TSB receives them all through webhooks, which notifications delivers,
 * so notifications subscribes to every event another service publishes.
 */
export const WEBHOOK_SERVICE: QueueServiceName = 'notifications';

export const EVENTS: ReadonlyMap<string, EventContract> = indexBy<EventContract, string>(
  eventList.map((e): EventContract => ({
    ...e,
    subscribers:
      e.owner === WEBHOOK_SERVICE || e.subscribers.includes(WEBHOOK_SERVICE)
        ? e.subscribers
        : [...e.subscribers, WEBHOOK_SERVICE],
  })),
  (e) => e.type,
  'event',
);

/** The events webhooks deliver: every event but those notifications itself publishes. */
export const WEBHOOK_EVENT_TYPES: readonly EventType[] = [...EVENTS.values()]
  .filter((e) => e.owner !== WEBHOOK_SERVICE)
  .map((e) => e.type as EventType);

for (const name of COMMANDS.keys()) {
  if (EVENTS.has(name)) throw new Error(`"${name}" is both a command and an event in the contracts catalogue`);
}

export function findCommand(name: string): CommandContract | undefined {
  return COMMANDS.get(name);
}

export function findEvent(type: string): EventContract | undefined {
  return EVENTS.get(type);
}

/** The commands and queries a service must answer. */
export function commandsOwnedBy(service: QueueServiceName): CommandContract[] {
  return [...COMMANDS.values()].filter((c) => c.owner === service);
}

/** The events a service must handle. */
export function eventsSubscribedBy(service: QueueServiceName): EventContract[] {
  return [...EVENTS.values()].filter((e) => e.subscribers.includes(service));
}
