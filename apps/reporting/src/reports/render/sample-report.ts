import type { ReportContent } from '../report-content.js';

/**
 * A realistic compiled report of JCG-IoTSec to the January 2027 SG17 meeting: two virtual
 * meetings, three organizations across SG17 and SG20, open and done action items, a ToR revision,
 * register changes, a six-topic matrix with overlaps and a gap, a demarcation proposal, and the
 * narratives of objectives (a)-(c) written while (d) is not. For the renderers' tests and the
 * preview picture (tools/report-preview). People, organizations and addresses are fictitious.
 *
 * `overrides` replaces top-level fields; every call builds fresh objects.
 */
export function sampleReport(overrides: Partial<ReportContent> = {}): ReportContent {
  return {
    group: {
      acronym: 'JCG-IoTSec',
      name: 'Joint Correspondence Group on IoT Security',
      parentBody: 'TSAG',
      studyGroups: ['SG17', 'SG20'],
    },
    body: {
      body: 'SG17',
      firstDay: '2027-01-18',
      lastDay: '2027-01-27',
      place: 'Geneva',
      reference: 'SG17-2027-01',
    },
    dueDate: '2026-12-18',
    final: false,
    period: { from: '2026-08-21T09:30:00.000Z', to: '2026-12-10T08:00:00.000Z' },
    version: 2,
    frozen: false,
    tdNumber: null,
    generatedAt: '2026-12-10T08:00:00.000Z',
    questions: ['Q2/17', 'Q6/17', 'Q6/20'],
    contacts: [
      {
        name: 'Dr Alice Moreau',
        organization: 'Nordlicht Telecom',
        email: 'alice.moreau@nordlicht.example',
        studyGroup: 'SG17',
      },
      {
        name: 'Mr Kwame Mensah',
        organization: 'Pacific IoT Institute',
        email: 'k.mensah@pacific-iot.example',
        studyGroup: 'SG20',
      },
    ],
    meetings: [
      {
        title: 'JCG-IoTSec virtual meeting 3',
        startsAt: '2026-10-14T12:00:00.000Z',
        endsAt: '2026-10-14T14:00:00.000Z',
        genevaStart: '2026-10-14 14:00',
        genevaEnd: '2026-10-14 16:00',
        attendance: {
          total: 14,
          byOrganization: [
            { key: 'Nordlicht Telecom', count: 6 },
            { key: 'Kestrel Security Labs', count: 5 },
            { key: 'Pacific IoT Institute', count: 3 },
          ],
          byStudyGroup: [
            { key: 'SG17', count: 11 },
            { key: 'SG20', count: 9 },
          ],
        },
        agenda: [
          'Opening and adoption of the agenda',
          'Review of the work-item register since the last meeting',
          'Overlap and gap analysis: device identity and authentication',
          'Draft demarcation text for TSAG',
          'Any other business',
        ],
        decisions: [
          'The matrix topics "Device identity and authentication" and "IoT security framework" are overlaps to be resolved first.',
          'Draft demarcation text to be circulated on the mailing list by 2026-11-04.',
        ],
        actionItems: [
          {
            description: 'Circulate the draft demarcation text on jcgiotsec@lists.itu.int',
            owner: 'Dr Alice Moreau',
            due: '2026-11-04',
            status: 'done',
          },
          {
            description: 'Collect SG20 comments on the secure firmware update topic',
            owner: 'Mr Kwame Mensah',
            due: '2026-11-20',
            status: 'done',
          },
        ],
      },
      {
        title: 'JCG-IoTSec virtual meeting 4',
        startsAt: '2026-11-25T13:00:00.000Z',
        endsAt: '2026-11-25T15:30:00.000Z',
        genevaStart: '2026-11-25 14:00',
        genevaEnd: '2026-11-25 16:30',
        attendance: {
          total: 11,
          byOrganization: [
            { key: 'Kestrel Security Labs', count: 4 },
            { key: 'Nordlicht Telecom', count: 4 },
            { key: 'Pacific IoT Institute', count: 3 },
          ],
          byStudyGroup: [
            { key: 'SG17', count: 8 },
            { key: 'SG20', count: 7 },
          ],
        },
        agenda: [
          'Opening and adoption of the agenda',
          'Comments received on the draft demarcation text',
          'Supply-chain security of IoT devices: a gap?',
          'Report to the SG17 meeting of January 2027',
        ],
        decisions: [
          'Supply-chain security of IoT devices is recorded as a gap; SG17 is invited to consider a new work item.',
          'The report to SG17 is to be frozen by 2026-12-15.',
        ],
        actionItems: [
          {
            description: 'Draft a liaison statement to SG17 on the supply-chain security gap',
            owner: 'Dr Alice Moreau',
            due: '2026-12-15',
            status: 'open',
          },
          {
            description: 'Propose coordination mechanisms for TSAG (objective d)',
            owner: 'Mr Kwame Mensah',
            due: null,
            status: 'open',
          },
          {
            description: 'Update the register with the consented Y.4806 revision',
            owner: 'Kestrel Security Labs',
            due: '2026-12-01',
            status: 'done',
          },
        ],
      },
    ],
    governance: [
      { date: '2026-09-26', summary: 'ToR v2 approved by TSAG', reference: 'TSAG-R3' },
      { date: '2026-11-06', summary: 'Extended to 2028-06-30', reference: null },
    ],
    registerChanges: [
      {
        at: '2026-09-02T07:45:00.000Z',
        identifier: 'X.iotsec-dia',
        change: 'added',
        detail: 'SG17 Q6/17, "Device identity and authentication for constrained IoT devices"',
      },
      {
        at: '2026-10-20T15:10:00.000Z',
        identifier: 'Y.4806rev',
        change: 'changed',
        detail: 'status: under-study → consented',
      },
      {
        at: '2026-11-12T10:00:00.000Z',
        identifier: 'Y.IoT-ota',
        change: 'removed',
        detail: 'withdrawn by SG20; merged into X.ota-sec',
      },
    ],
    matrix: {
      studyGroups: ['SG17', 'SG20'],
      rows: [
        {
          topic: { key: 'device-identity', name: 'Device identity and authentication' },
          items: { SG17: ['X.iotsec-dia'], SG20: ['Y.IoT-DIA'] },
          overlap: true,
          gap: false,
        },
        {
          topic: { key: 'framework', name: 'IoT security framework' },
          items: { SG17: ['X.1361rev'], SG20: ['Y.4806rev', 'Y.4810'] },
          overlap: true,
          gap: false,
        },
        {
          topic: { key: 'firmware-update', name: 'Secure firmware update' },
          items: { SG17: ['X.ota-sec'], SG20: [] },
          overlap: false,
          gap: false,
        },
        {
          topic: { key: 'smart-city', name: 'Smart-city platform security' },
          items: { SG17: [], SG20: ['Y.SC-sec'] },
          overlap: false,
          gap: false,
        },
        {
          topic: { key: 'supply-chain', name: 'Supply-chain security of IoT devices' },
          items: { SG17: [], SG20: [] },
          overlap: false,
          gap: true,
        },
        {
          topic: { key: 'digital-twin', name: 'Security of IoT data in digital twins' },
          items: { SG17: [], SG20: ['Y.DT-sec-req'] },
          overlap: false,
          gap: false,
        },
      ],
    },
    demarcation: [
      {
        topic: { key: 'device-identity', name: 'Device identity and authentication' },
        leadStudyGroup: 'SG17',
        rationale: 'Authentication mechanisms are security techniques (SG17 mandate); SG20 references them.',
      },
      {
        topic: { key: 'framework', name: 'IoT security framework' },
        leadStudyGroup: 'SG20',
        rationale: 'Framework follows the IoT reference architecture of Y.4000-series.',
      },
      {
        topic: { key: 'supply-chain', name: 'Supply-chain security of IoT devices' },
        leadStudyGroup: null,
        rationale: null,
      },
    ],
    narratives: [
      {
        objective: 'a',
        revision: 3,
        text:
          'In the period the group reviewed 9 work items of SG17 and SG20 on IoT security: 4 in SG17 (Q2/17 and Q6/17) and 5 in SG20 (Q6/20).\n\n' +
          'One SG20 item (Y.IoT-ota) was withdrawn and merged into X.ota-sec, and Y.4806rev was consented.',
      },
      {
        objective: 'b',
        revision: 2,
        text:
          'Two topics are overlaps: device identity and authentication, and the IoT security framework.\n\n' +
          'Supply-chain security of IoT devices is a gap: neither study group has a work item on it.',
      },
      {
        objective: 'c',
        revision: 1,
        text: 'The group proposes SG17 as lead on security mechanisms and SG20 on IoT architectures and their security requirements.',
      },
      { objective: 'd', revision: 0, text: '' },
    ],
    ...overrides,
  };
}
