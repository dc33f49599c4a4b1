import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from '@jcg/platform';
import { ApiKeyEntity } from './api-keys/api-key.entity.js';
import { ApiKeysController } from './api-keys/api-keys.controller.js';
import { ApiKeysService } from './api-keys/api-keys.service.js';
import { ConvenorAppointmentEntity } from './convenors/convenor-appointment.entity.js';
import { ConvenorsController } from './convenors/convenors.controller.js';
import { ConvenorsService } from './convenors/convenors.service.js';
import { CreateMembership1764300100000 } from './database/create-membership.migration.js';
import { GroupDecisionEntity } from './groups/group-decision.entity.js';
import { GroupEntity } from './groups/group.entity.js';
import { GroupsController } from './groups/groups.controller.js';
import { GroupsService } from './groups/groups.service.js';
import { StudyGroupsDecisions1764400500000 } from './groups/study-groups-decisions.migration.js';
import { StudyGroupsService } from './groups/study-groups.service.js';
import { GroupOrganizationEntity, OrganizationEntity } from './organizations/organization.entity.js';
import { OrganizationsController } from './organizations/organizations.controller.js';
import { OrganizationsService } from './organizations/organizations.service.js';
import { ParticipantEntity } from './participants/participant.entity.js';
import { ParticipantsController } from './participants/participants.controller.js';
import { ParticipantsService } from './participants/participants.service.js';
import { SeedGroups } from './seed/seed-groups.js';
import { SessionsController } from './sessions/sessions.controller.js';
import { Sessions1764401200000 } from './sessions/sessions.migration.js';
import { SessionsService } from './sessions/sessions.service.js';
import { TorVersionEntity } from './tor/tor-version.entity.js';
import { TorController } from './tor/tor.controller.js';
import { TorService } from './tor/tor.service.js';

export const MEMBERSHIP_ENTITIES = [
  GroupEntity,
  TorVersionEntity,
  GroupDecisionEntity,
  OrganizationEntity,
  GroupOrganizationEntity,
  ParticipantEntity,
  ConvenorAppointmentEntity,
  ApiKeyEntity,
];
export const MEMBERSHIP_MIGRATIONS = [
  CreateMembership1764300100000,
  StudyGroupsDecisions1764400500000,
  Sessions1764401200000,
];

/** Groups and their ToR, organizations, participants, co-convenors, API keys (R1, R2, R7, R8). */
@Module({})
export class MembershipModule {
  static forRoot(options: Omit<PlatformOptions, 'entities' | 'migrations'>): DynamicModule {
    return {
      module: MembershipModule,
      imports: [
        PlatformModule.forService({ ...options, entities: MEMBERSHIP_ENTITIES, migrations: MEMBERSHIP_MIGRATIONS }),
      ],
      controllers: [
        GroupsController,
        TorController,
        OrganizationsController,
        ParticipantsController,
        ConvenorsController,
        ApiKeysController,
        SessionsController,
      ],
      providers: [
        GroupsService,
        StudyGroupsService,
        TorService,
        OrganizationsService,
        ParticipantsService,
        ConvenorsService,
        ApiKeysService,
        SessionsService,
        SeedGroups,
      ],
    };
  }
}
