import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { sameSecretHash, type Principal, type RequestOf, type ResponseOf } from '@jcg/contracts';
import { qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { MembershipErrors } from '../membership.errors.js';
import { ParticipantEntity } from '../participants/participant.entity.js';

interface SessionRow {
  id: string;
  secret_hash: string;
  participant_id: string;
  expires_at: Date;
  revoked_at: Date | null;
}

/**
 * Sessions of participants signed in by e-mail link. A session speaks for its participant as
 * their API key would (same roles, same status checks on every request); it ends when it
 * expires, when it is revoked (sign-out, or an administrator), or when its participant leaves.
 */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async open(input: RequestOf<'membership.sessions.open'>): Promise<Principal> {
    const participant = await this.dataSource.getRepository(ParticipantEntity).findOneBy({ id: input.participantId });
    if (!participant || participant.status !== 'active') throw MembershipErrors.unauthenticated();
    const [barrier] = await this.dataSource.query<{ not_before: Date }[]>(
      `SELECT not_before FROM ${qualified(this.dataSource.manager, 'sign_in_barriers')} WHERE participant_id = $1`,
      [participant.id],
    );
    if (barrier && new Date(input.linkCreatedAt) < barrier.not_before) throw MembershipErrors.signInLinkSuperseded();
    await this.dataSource.query(
      `INSERT INTO ${this.table} (id, secret_hash, participant_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [input.sessionId, input.secretHash, participant.id, this.clock.now(), new Date(input.expiresAt)],
    );
    return this.principalOf(input.sessionId, participant);
  }

  async authenticate(
    input: RequestOf<'membership.sessions.authenticate'>,
  ): Promise<ResponseOf<'membership.sessions.authenticate'>> {
    const [session] = await this.dataSource.query<SessionRow[]>(`SELECT * FROM ${this.table} WHERE id = $1`, [
      input.sessionId,
    ]);
    if (
      !session ||
      session.revoked_at ||
      session.expires_at <= this.clock.now() ||
      !sameSecretHash(session.secret_hash, input.secretHash)
    ) {
      throw MembershipErrors.sessionEnded();
    }
    const participant = await this.dataSource
      .getRepository(ParticipantEntity)
      .findOneBy({ id: session.participant_id });
    if (!participant || participant.status === 'left') throw MembershipErrors.sessionEnded();
    return { principal: this.principalOf(session.id, participant), expiresAt: session.expires_at.toISOString() };
  }

  async revoke(input: RequestOf<'membership.sessions.revoke'>): Promise<number> {
    if ('participantId' in input) {
      return this.dataSource.transaction((manager) => endSignIns(manager, input.participantId, this.clock.now()));
    }
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `UPDATE ${this.table} SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2`,
      [input.sessionId, this.clock.now()],
    );
    return count;
  }

  private principalOf(sessionId: string, participant: ParticipantEntity): Principal {
    return {
      kind: 'participant',
      keyId: sessionId,
      participantId: participant.id,
      groupId: participant.groupId,
      role: participant.role,
      status: participant.status,
    };
  }

  private get table(): string {
    return qualified(this.dataSource.manager, 'sessions');
  }
}

/**
 * Ends every session of a participant, and bars the links mailed before now: after a revocation
 * or a change of address, only a new link signs them in. Returns how many sessions ended.
 */
export async function endSignIns(manager: EntityManager, participantId: string, now: Date): Promise<number> {
  const [, count] = await manager.query<[unknown, number]>(
    `UPDATE ${qualified(manager, 'sessions')} SET revoked_at = $2
      WHERE participant_id = $1 AND revoked_at IS NULL AND expires_at > $2`,
    [participantId, now],
  );
  await manager.query(
    `INSERT INTO ${qualified(manager, 'sign_in_barriers')} (participant_id, not_before) VALUES ($1, $2)
     ON CONFLICT (participant_id) DO UPDATE SET not_before = EXCLUDED.not_before`,
    [participantId, now],
  );
  return count;
}
