import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { registerGroupRequestSchema } from '@jcg/contracts';
import { CommandError } from '@jcg/messaging';
import { GroupsService } from '../groups/groups.service.js';
import jcgIotSec from './jcg-iotsec.json';

/**
 * The groups the system ships with, checked against the same schema as any registration:
 * registered once, on a database without them, by whichever replica comes first.
 */
export const SEED_GROUPS = [registerGroupRequestSchema.parse(jcgIotSec.group)];

@Injectable()
export class SeedGroups implements OnApplicationBootstrap {
  private readonly logger = new Logger(SeedGroups.name);

  constructor(private readonly groups: GroupsService) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const seed of SEED_GROUPS) {
      if (await this.groups.findByAcronym(seed.acronym)) continue;
      try {
        const group = await this.groups.register(seed);
        this.logger.log(`Seeded the group ${group.acronym} (${group.id})`);
      } catch (error) {
        // Another replica seeded it at the same moment.
        if (!(error instanceof CommandError && error.problem.code === 'GROUP_EXISTS')) throw error;
      }
    }
  }
}
