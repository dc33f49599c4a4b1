import type { Group } from '@jcg/contracts';

export const jcgIotSecExample: Group = {
  id: '0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2c',
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
