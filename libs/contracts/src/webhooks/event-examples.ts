import type { EventDataOf, EventType } from '../catalogue.js';

/*
 * One realistic example of every event, as a webhook delivers it: JCG-IoTSec, reporting to TSAG,
 * with SG17 and SG20 taking part; meetings shown in Geneva time (Europe/Zurich). The examples
 * are independent of each other, but each tells a consistent story (a meeting's version and
 * sequence, an obligation's due date and days left, a deadline 7 days before the start).
 */

const groupId = '0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2c';
const ofcom = '019c22c6-5c18-7009-b178-3626c7288473';
const dsit = '019c22cd-3600-7d73-80c7-31ac16648d79';
const alice = '019c46fe-5900-78f3-afdb-0c145896be61'; // co-convenor for SG17
const kenji = '019c4d00-6f00-7070-b8fa-347473988633'; // co-convenor for SG20
const david = '019cadab-2340-7108-87a1-4fb8014f5aaf';
const claire = '019cd2d3-7780-7a1d-b481-667be67a7146';
const dora = '019d4800-b860-7598-842b-227068a2814b'; // the SG17 co-convenor Alice replaced
const appointmentId = '019d0bc2-a980-7014-8bb5-557ab29f6fff';
const meetingId = '01a10bef-6200-7abc-98f3-981782ef1607';
const nextMeetingId = '01a30932-7a00-788a-b404-98d192893885';
const bodyMeetingId = '019eca82-5680-76c5-8ffd-958ff3295de7';
const obligationId = '019eca82-5a68-7dc8-b8cb-5cd2870b8c2a';

type Data<T extends EventType> = EventDataOf<T>;
type Group = Data<'group.registered'>;
type Participant = Data<'participant.joined'>;
type Meeting = Data<'meeting.proposed'>;
type Agenda = Data<'meeting.announced'>['agenda'];
type BodyMeeting = Data<'body-meeting.scheduled'>;
type Obligation = Data<'report.opened'>['obligation'];

const group: Group = {
  id: groupId,
  acronym: 'JCG-IoTSec',
  title: 'Joint Correspondence Group on IoT Security',
  parentBody: 'TSAG',
  studyGroups: ['SG17', 'SG20'],
  mailingList: 'jcgiotsec@lists.itu.int',
  status: 'active',
  announcementLeadDays: 7,
  concurrenceRequired: true,
  currentTorVersion: 1,
};

const davidBrown: Participant = {
  id: david,
  groupId,
  organizationId: dsit,
  name: 'David Brown',
  email: 'd.brown@dsit.gov.uk',
  timeZone: 'Europe/London',
  role: 'participant',
  status: 'active',
  joinedAt: '2026-03-02T08:30:14.902Z',
  leftAt: null,
};

/** The fourth e-meeting, 14:00-16:00 Geneva time on 15 December 2026, as proposed. */
const meeting: Meeting = {
  id: meetingId,
  groupId,
  title: 'JCG-IoTSec e-meeting No. 4',
  startsAt: '2026-12-15T13:00:00.000Z',
  endsAt: '2026-12-15T15:00:00.000Z',
  timeZone: 'Europe/Zurich',
  tool: 'mymeetings',
  joinDetails: null,
  state: 'proposed',
  proposedBy: alice,
  concurredBy: [],
  announcementDeadline: '2026-12-08T13:00:00.000Z',
  announceAt: null,
  announcedAt: null,
  calendarUid: `${meetingId}@meetings.jcg`,
  sequence: 0,
  version: 1,
  record: null,
};

const joinDetails = {
  url: 'https://mymeetings.itu.int/join/27349185521',
  meetingNumber: '2734 918 5521',
  passcode: '481305',
};

const announced: Meeting = {
  ...meeting,
  joinDetails,
  state: 'announced',
  concurredBy: [kenji],
  announcedAt: '2026-12-02T09:30:12.845Z',
  version: 4,
};

/** The fifth e-meeting, 16 February 2027: agreed, never announced. */
const nextMeeting: Meeting = {
  ...meeting,
  id: nextMeetingId,
  title: 'JCG-IoTSec e-meeting No. 5',
  startsAt: '2027-02-16T13:00:00.000Z',
  endsAt: '2027-02-16T15:00:00.000Z',
  state: 'agreed',
  proposedBy: kenji,
  concurredBy: [alice],
  announcementDeadline: '2027-02-09T13:00:00.000Z',
  calendarUid: `${nextMeetingId}@meetings.jcg`,
  version: 2,
};

const agenda: Agenda = {
  meetingId,
  groupId,
  label: 'draft',
  items: [
    { title: 'Opening of the meeting', presenter: null, minutes: 5, documents: [] },
    { title: 'Adoption of the agenda', presenter: null, minutes: 5, documents: [] },
    {
      title: 'Liaison statements from SG17 and SG20 on IoT device identity',
      presenter: 'Alice Meier',
      minutes: 20,
      documents: ['T25-SG17-260901-TD-PLEN-0412', 'T25-SG20-260915-TD-GEN-0198'],
    },
    {
      title: 'Overlap matrix of IoT security work items: update',
      presenter: 'Kenji Sato',
      minutes: 30,
      documents: ['JCG-IoTSec-C-0007'],
    },
    { title: 'Any other business', presenter: null, minutes: 10, documents: [] },
    { title: 'Next meeting', presenter: null, minutes: 5, documents: [] },
    { title: 'Closing', presenter: null, minutes: 5, documents: [] },
  ],
  updatedAt: '2026-11-24T15:02:41.377Z',
};

/** SG17's meeting in Geneva, 18-27 January 2027. */
const bodyMeeting: BodyMeeting = {
  id: bodyMeetingId,
  reference: 'SG17-2027-01',
  body: 'SG17',
  firstDay: '2027-01-18',
  lastDay: '2027-01-27',
  place: 'Geneva',
  status: 'scheduled',
  version: 1,
  updatedAt: '2026-06-15T09:00:00.873Z',
};

/** The report JCG-IoTSec owes that meeting: due one month before it, 23:59:59 Geneva time. */
const obligation: Obligation = {
  id: obligationId,
  groupId,
  body: 'SG17',
  bodyMeeting: {
    reference: 'SG17-2027-01',
    firstDay: '2027-01-18',
    lastDay: '2027-01-27',
    place: 'Geneva',
    status: 'scheduled',
  },
  dueDate: '2026-12-18',
  dueAt: '2026-12-18T22:59:59.000Z',
  state: 'open',
  daysLeft: 186,
  final: false,
  submission: null,
  acknowledgedAt: null,
  tdNumber: null,
  cancelledReason: null,
  version: 1,
};

const reportFile = 'JCG-IoTSec-report-SG17-2027-01-18-v2.docx';
const reportSha256 = 'd33e1bf6db0fd445e2d61f067e1efe372a99397cd012be749033c3f6899870cc';
const submission = {
  documentReference: `${reportFile} (SHA-256 ${reportSha256.slice(0, 16)})`,
  submittedAt: '2026-12-11T15:24:37.902Z',
  submittedBy: alice,
};

/**
 * The `data` of every event type, valid against its schema. The `satisfies` clause makes a
 * missing event type (or a wrongly shaped example) a compile error.
 */
export const EVENT_EXAMPLES: Record<EventType, unknown> = {
  'group.registered': group,
  'group.tor-revised': { groupId, version: 2, decidedOn: '2026-09-25', reference: 'TSAG-R12 Annex C' },
  'group.extended': {
    groupId,
    kind: 'extension',
    decidedOn: '2027-01-29',
    reference: 'TSAG-R15',
    until: '2028-07-31',
    studyGroupInput: ['SG17', 'SG20'],
    recordedAt: '2027-02-01T09:41:07.226Z',
  },
  'group.concluded': {
    groupId,
    kind: 'conclusion',
    decidedOn: '2027-06-04',
    reference: 'TSAG-R18',
    until: null,
    studyGroupInput: ['SG17', 'SG20'],
    recordedAt: '2027-06-07T10:03:55.912Z',
  },
  'group.study-groups-changed': {
    group: { ...group, studyGroups: ['SG17', 'SG20', 'SG13'], currentTorVersion: 2 },
    previousStudyGroups: ['SG17', 'SG20'],
  },
  'organization.participation-changed': {
    organization: {
      id: dsit,
      name: 'Department for Science, Innovation and Technology (DSIT), United Kingdom',
      category: 'member-state',
      studyGroups: ['SG13'],
    },
    previousStudyGroups: ['SG13', 'SG17'],
  },
  'participant.joined': {
    id: claire,
    groupId,
    organizationId: ofcom,
    name: 'Claire Dubois',
    email: 'claire.dubois@bakom.admin.ch',
    timeZone: 'Europe/Zurich',
    role: 'participant',
    status: 'active',
    joinedAt: '2026-03-09T13:40:02.518Z',
    leftAt: null,
  },
  'participant.updated': davidBrown,
  'participant.suspended': { ...davidBrown, status: 'suspended' },
  'participant.restored': davidBrown,
  'participant.left': {
    id: claire,
    groupId,
    organizationId: ofcom,
    name: 'Claire Dubois',
    email: 'claire.dubois@bakom.admin.ch',
    timeZone: 'Europe/Zurich',
    role: 'participant',
    status: 'left',
    joinedAt: '2026-03-09T13:40:02.518Z',
    leftAt: '2026-10-30T16:02:27.381Z',
  },
  'convenor.appointed': {
    appointment: {
      id: appointmentId,
      groupId,
      studyGroup: 'SG17',
      participantId: alice,
      participantName: 'Alice Meier',
      appointedOn: '2026-03-20',
      reference: 'SG17-R12',
      endedOn: null,
      replacedBy: null,
    },
    replacedParticipantId: dora,
  },
  'meeting.proposed': meeting,
  'meeting.agreed': { ...meeting, state: 'agreed', concurredBy: [kenji], version: 2 },
  'meeting.announced': { meeting: announced, agenda },
  'meeting.changed': {
    meeting: {
      ...announced,
      startsAt: '2026-12-16T13:00:00.000Z',
      endsAt: '2026-12-16T15:00:00.000Z',
      announcementDeadline: '2026-12-09T13:00:00.000Z',
      sequence: 1,
      version: 5,
    },
    previousStartsAt: '2026-12-15T13:00:00.000Z',
    previousEndsAt: '2026-12-15T15:00:00.000Z',
  },
  'meeting.cancelled': {
    ...announced,
    startsAt: '2026-12-16T13:00:00.000Z',
    endsAt: '2026-12-16T15:00:00.000Z',
    announcementDeadline: '2026-12-09T13:00:00.000Z',
    state: 'cancelled',
    sequence: 2,
    version: 6,
  },
  'meeting.announcement-reminder': { meeting: nextMeeting, daysBefore: 3 },
  'meeting.announcement-missed': {
    meeting: nextMeeting,
    reason: 'DEADLINE_PASSED',
    detail:
      'The announcement deadline 2027-02-09T13:00:00.000Z passed and the meeting was not announced; it can no longer be announced for this start (R4). Move it to a later start, or cancel it.',
  },
  'agenda.revised': {
    agenda: {
      ...agenda,
      label: 'rev.1',
      items: agenda.items.map((item) =>
        item.title === 'Next meeting' ? { ...item, documents: ['JCG-IoTSec-C-0009'] } : item,
      ),
      updatedAt: '2026-12-09T16:20:33.418Z',
    },
    meetingTitle: 'JCG-IoTSec e-meeting No. 4',
    startsAt: '2026-12-16T13:00:00.000Z',
  },
  'body-meeting.scheduled': bodyMeeting,
  'body-meeting.moved': {
    bodyMeeting: {
      ...bodyMeeting,
      firstDay: '2027-01-20',
      lastDay: '2027-01-29',
      version: 2,
      updatedAt: '2026-07-02T11:17:45.090Z',
    },
    previousFirstDay: '2027-01-18',
  },
  'body-meeting.cancelled': {
    ...bodyMeeting,
    status: 'cancelled',
    version: 2,
    updatedAt: '2026-09-08T14:30:00.215Z',
  },
  'report.opened': { obligation },
  'report.due-moved': {
    obligation: {
      ...obligation,
      bodyMeeting: { ...obligation.bodyMeeting, firstDay: '2027-01-20', lastDay: '2027-01-29' },
      dueDate: '2026-12-20',
      dueAt: '2026-12-20T22:59:59.000Z',
      daysLeft: 171,
      version: 2,
    },
    previousDueDate: '2026-12-18',
  },
  'report.reminder': { obligation: { ...obligation, state: 'drafted', daysLeft: 14, version: 2 }, daysBefore: 14 },
  'report.overdue': { obligation: { ...obligation, state: 'overdue', daysLeft: -2, version: 1 }, daysOverdue: 2 },
  'report.missed': { obligation: { ...obligation, state: 'missed', daysLeft: -31, version: 2 } },
  'report.submitted': {
    obligation: { ...obligation, state: 'submitted', daysLeft: 7, submission, version: 3 },
    report: {
      version: 2,
      title:
        'Report of the Joint Correspondence Group on IoT Security (JCG-IoTSec) to the SG17 meeting, Geneva, 18-27 January 2027',
      fileName: reportFile,
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      sha256: reportSha256,
      secretariat: 'tsbsg17@itu.int',
    },
  },
  'report.drafted': { obligation: { ...obligation, state: 'drafted', daysLeft: 21, version: 2 }, version: 1 },
  'report.acknowledged': {
    obligation: {
      ...obligation,
      state: 'acknowledged',
      daysLeft: 4,
      submission,
      acknowledgedAt: '2026-12-14T09:12:48.117Z',
      tdNumber: 'T25-SG17-270118-TD-GEN-0123',
      version: 4,
    },
  },
  'report.cancelled': {
    obligation: {
      ...obligation,
      bodyMeeting: { ...obligation.bodyMeeting, status: 'cancelled' },
      state: 'cancelled',
      daysLeft: 101,
      cancelledReason: 'body meeting cancelled',
      version: 2,
    },
  },
} satisfies { [T in EventType]: Data<T> };

/** When each example's event occurred: the webhook body's `timestamp`. */
export const EVENT_EXAMPLE_TIMESTAMPS: Record<EventType, string> = {
  'group.registered': '2026-01-20T08:15:42.318Z',
  'group.tor-revised': '2026-09-28T13:02:11.504Z',
  'group.extended': '2027-02-01T09:41:07.226Z',
  'group.concluded': '2027-06-07T10:03:55.912Z',
  'group.study-groups-changed': '2026-11-10T14:48:20.051Z',
  'organization.participation-changed': '2026-05-12T07:55:03.640Z',
  'participant.joined': '2026-03-09T13:40:02.518Z',
  'participant.updated': '2026-04-21T12:31:09.775Z',
  'participant.suspended': '2026-05-12T07:55:03.640Z',
  'participant.restored': '2026-06-03T08:10:44.208Z',
  'participant.left': '2026-10-30T16:02:27.381Z',
  'convenor.appointed': '2026-03-23T09:14:51.602Z',
  'meeting.proposed': '2026-10-05T12:00:00.533Z',
  'meeting.agreed': '2026-10-07T06:42:18.990Z',
  'meeting.announced': '2026-12-02T09:30:12.845Z',
  'meeting.changed': '2026-12-04T10:11:05.362Z',
  'meeting.cancelled': '2026-12-14T17:45:29.004Z',
  'meeting.announcement-reminder': '2027-02-06T13:00:00.000Z',
  'meeting.announcement-missed': '2027-02-09T13:00:00.000Z',
  'agenda.revised': '2026-12-09T16:20:33.418Z',
  'body-meeting.scheduled': '2026-06-15T09:00:00.873Z',
  'body-meeting.moved': '2026-07-02T11:17:45.090Z',
  'body-meeting.cancelled': '2026-09-08T14:30:00.215Z',
  'report.opened': '2026-06-15T09:00:01.204Z',
  'report.due-moved': '2026-07-02T11:17:45.090Z',
  'report.reminder': '2026-12-04T08:00:00.000Z',
  'report.overdue': '2026-12-20T08:00:00.000Z',
  'report.missed': '2027-01-17T23:00:00.000Z',
  'report.submitted': '2026-12-11T15:24:37.902Z',
  'report.drafted': '2026-11-27T10:05:12.330Z',
  'report.acknowledged': '2026-12-14T09:12:48.117Z',
  'report.cancelled': '2026-09-08T14:30:00.215Z',
};
