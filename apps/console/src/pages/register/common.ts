import type { Answer, Body } from '../../api/types';

export type WorkItem = Answer<'/v1/groups/{groupId}/work-items', 'get'>['items'][number];
export type WorkItemInput = Body<'/v1/groups/{groupId}/work-items', 'post'>;
export type Topic = Answer<'/v1/groups/{groupId}/topics', 'get'>['items'][number];
export type OverlapMatrix = Answer<'/v1/groups/{groupId}/overlap-matrix', 'get'>;
export type MatrixRow = OverlapMatrix['rows'][number];
export type RegisterChange = Answer<'/v1/groups/{groupId}/register/changes', 'get'>['items'][number];

export type Kind = WorkItemInput['kind'];
export type Status = WorkItemInput['status'];

export const KINDS: { value: Kind; label: string; example: string }[] = [
  { value: 'question', label: 'Question', example: 'Q6/17' },
  { value: 'recommendation', label: 'Recommendation', example: 'X.1361' },
  { value: 'draft', label: 'Draft work item', example: 'X.iotsec-4' },
];

export const STATUSES: { value: Status; label: string }[] = [
  { value: 'under-study', label: 'Under study' },
  { value: 'consented', label: 'Consented' },
  { value: 'approved', label: 'Approved' },
  { value: 'in-force', label: 'In force' },
  { value: 'withdrawn', label: 'Withdrawn' },
];

export const kindLabel = (kind: string) => KINDS.find((k) => k.value === kind)?.label ?? kind;
export const statusLabel = (status: string) => STATUSES.find((s) => s.value === status)?.label ?? status;
