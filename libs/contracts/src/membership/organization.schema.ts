import { z } from 'zod';
import { text } from '../common.schema.js';
import { studyGroupsSchema } from './group.schema.js';

export const organizationCategorySchema = z.enum(['member-state', 'sector-member', 'associate', 'academia']);

/** An ITU-T member organization and the study groups it participates in (R1). */
export const organizationSchema = z.strictObject({
  id: z.uuid(),
  name: text(200),
  category: organizationCategorySchema,
  studyGroups: studyGroupsSchema,
});
export type Organization = z.infer<typeof organizationSchema>;
