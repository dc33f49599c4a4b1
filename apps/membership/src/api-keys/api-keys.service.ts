import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sameSecretHash, type ApiKey, type Principal, type RequestOf } from '@jcg/contracts';
import { Clock } from '@jcg/persistence';
import { MembershipErrors, isUniqueViolation } from '../membership.errors.js';
import { ParticipantEntity } from '../participants/participant.entity.js';
import { ApiKeyEntity } from './api-key.entity.js';

/** How stale `last_used_at` may get before a use writes it again. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * API keys. The API makes a key, shows it once and sends only its id and the hash of its secret;
 * this service keeps the hash and says whom a presented key speaks for.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(input: RequestOf<'membership.api-keys.create'>): Promise<ApiKey> {
    const { owner } = input;
    try {
      return await this.dataSource.transaction(async (manager) => {
        if (owner.kind === 'participant') {
          const participant = await manager.findOneBy(ParticipantEntity, { id: owner.participantId });
          if (!participant) throw MembershipErrors.participantNotFound(owner.participantId);
          if (participant.status !== 'active') throw MembershipErrors.keyOwnerNotActive();
        }
        const entity = manager.create(ApiKeyEntity, {
          id: input.id,
          label: input.label,
          ownerKind: owner.kind,
          integrator: owner.kind === 'integrator' ? owner.integrator : null,
          participantId: owner.kind === 'participant' ? owner.participantId : null,
          secretHash: input.secretHash,
          createdAt: this.clock.now(),
          lastUsedAt: null,
          revokedAt: null,
        });
        await manager.insert(ApiKeyEntity, entity);
        return entity.toContract();
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw MembershipErrors.apiKeyExists();
      throw error;
    }
  }

  async list(): Promise<ApiKey[]> {
    const rows = await this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'DESC', id: 'DESC' } });
    return rows.map((k) => k.toContract());
  }

  async get(keyId: string): Promise<ApiKey> {
    const key = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ id: keyId });
    if (!key) throw MembershipErrors.apiKeyNotFound(keyId);
    return key.toContract();
  }

  /** Revoked at once: the next request with the key is refused. Revoking twice changes nothing. */
  async revoke(keyId: string): Promise<ApiKey> {
    return this.dataSource.transaction(async (manager) => {
      const key = await manager.findOne(ApiKeyEntity, { where: { id: keyId }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw MembershipErrors.apiKeyNotFound(keyId);
      if (!key.revokedAt) {
        key.revokedAt = this.clock.now();
        await manager.update(ApiKeyEntity, { id: key.id }, { revokedAt: key.revokedAt });
      }
      return key.toContract();
    });
  }

  async authenticate(input: RequestOf<'membership.api-keys.authenticate'>): Promise<Principal> {
    const key = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ id: input.keyId });
    if (!key || key.revokedAt || !sameSecretHash(key.secretHash, input.secretHash))
      throw MembershipErrors.unauthenticated();
    const principal = await this.principalOf(key);
    const now = this.clock.now();
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.dataSource.getRepository(ApiKeyEntity).update({ id: key.id }, { lastUsedAt: now });
    }
    return principal;
  }

  private async principalOf(key: ApiKeyEntity): Promise<Principal> {
    const owner = key.owner();
    switch (owner.kind) {
      case 'admin':
        return { kind: 'admin', keyId: key.id };
      case 'integrator':
        return { kind: 'integrator', keyId: key.id, integrator: owner.integrator };
      case 'participant': {
        const participant = await this.dataSource
          .getRepository(ParticipantEntity)
          .findOneBy({ id: owner.participantId });
        if (!participant || participant.status === 'left') throw MembershipErrors.unauthenticated();
        return {
          kind: 'participant',
          keyId: key.id,
          participantId: participant.id,
          groupId: participant.groupId,
          role: participant.role,
          status: participant.status,
        };
      }
    }
  }
}
