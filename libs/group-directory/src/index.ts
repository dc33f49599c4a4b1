import { Module } from '@nestjs/common';
import { CreateKnownGroups1764300200000 } from './create-known-groups.migration.js';
import { GroupDirectory, GroupDirectoryEvents, GroupDirectoryHooks } from './group-directory.js';
import { KnownGroupEntity } from './known-group.entity.js';

export {
  GroupDirectory,
  GroupDirectoryEvents,
  GroupDirectoryHooks,
  type GroupChange,
  type KnownGroup,
} from './group-directory.js';
export { KnownGroupEntity } from './known-group.entity.js';

/** The table and migration a service adds to its schema to keep a copy of the groups. */
export const GROUP_DIRECTORY_ENTITIES = [KnownGroupEntity];
export const GROUP_DIRECTORY_MIGRATIONS = [CreateKnownGroups1764300200000];

/** For services that act per group: the copy of the groups, kept from `group.registered`. */
@Module({
  controllers: [GroupDirectoryEvents],
  providers: [GroupDirectory, GroupDirectoryHooks],
  exports: [GroupDirectory, GroupDirectoryHooks],
})
export class GroupDirectoryModule {}
