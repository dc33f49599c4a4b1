import type { ReportContent } from '../report-content.js';
import { meetingLine } from './report-text.js';

/**
 * "Report of the Joint Correspondence Group on IoT Security (JCG-IoTSec) to the SG17 meeting,
 * Geneva, 18-27 January 2027"; "Final report of ..." for the group's final report.
 */
export function reportTitle(content: ReportContent): string {
  const { name, acronym } = content.group;
  return `${content.final ? 'Final report' : 'Report'} of the ${name} (${acronym}) to the ${content.body.body} meeting, ${meetingLine(content)}`;
}

/** Letters, digits, '.', '_' and '-' only; anything else becomes one '-'. */
function safe(part: string): string {
  return part
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * The file a rendering is saved as: TSB's TD number once there is one
 * ("T25-SG17-270118-TD-GEN-0123.docx"), else "JCG-IoTSec-report-SG17-2027-01-18-v2-draft.md"
 * ("-draft" until the version is frozen).
 */
export function reportFileName(content: ReportContent, ext: 'docx' | 'md'): string {
  const td = content.tdNumber ? safe(content.tdNumber) : '';
  if (td) return `${td}.${ext}`;
  const { acronym } = content.group;
  const stem = [safe(acronym) || 'group', 'report', safe(content.body.body), safe(content.body.firstDay)].join('-');
  return `${stem}-v${content.version}${content.frozen ? '' : '-draft'}.${ext}`;
}
