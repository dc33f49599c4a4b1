/** A study group's place in the order SG2 < SG17 < SG20 < TSAG. */
function sgOrder(sg: string): number {
  const match = /^SG(\d+)$/.exec(sg);
  return match ? Number(match[1]) : 1000;
}

export const byStudyGroup = (a: string, b: string) => sgOrder(a) - sgOrder(b) || a.localeCompare(b);

export interface MatrixItem {
  identifier: string;
  studyGroup: string;
  status: string;
  topics: string[];
}

export interface MatrixTopic {
  key: string;
  name: string;
}

export interface MatrixCells {
  studyGroups: string[];
  rows: { topic: MatrixTopic; items: Record<string, string[]>; overlap: boolean; gap: boolean }[];
}

/**
 * Objective (b): topics × study groups. Each cell lists the SG's work items on the topic
 * (withdrawn ones are no longer work); a topic with items in two or more SGs is an overlap, one
 * with none is a gap. Columns: the group's study groups, and any other SG an item belongs to.
 */
export function overlapMatrix(topics: MatrixTopic[], items: MatrixItem[], groupStudyGroups: string[]): MatrixCells {
  const live = items.filter((i) => i.status !== 'withdrawn');
  const studyGroups = [...new Set([...groupStudyGroups, ...live.map((i) => i.studyGroup)])].sort(byStudyGroup);
  const rows = [...topics]
    .sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key))
    .map((topic) => {
      const cells: Record<string, string[]> = Object.fromEntries(studyGroups.map((sg) => [sg, [] as string[]]));
      for (const item of live) if (item.topics.includes(topic.key)) cells[item.studyGroup].push(item.identifier);
      for (const sg of studyGroups) cells[sg].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      const withItems = studyGroups.filter((sg) => cells[sg].length > 0).length;
      return { topic, items: cells, overlap: withItems >= 2, gap: withItems === 0 };
    });
  return { studyGroups, rows };
}
