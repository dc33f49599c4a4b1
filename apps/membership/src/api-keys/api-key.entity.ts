import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ApiKey, ApiKeyOwner } from '@jcg/contracts';
import { ParticipantEntity } from '../participants/participant.entity.js';

/** An API key as stored: the hash of its secret, never the secret. */
@Entity({ name: 'api_keys' })
@Check(
  'api_keys_owner_kind_check',
  `(owner_kind = ANY (ARRAY['admin'::text, 'integrator'::text, 'participant'::text]))`,
)
@Check('api_keys_check', `((owner_kind = 'participant'::text) = (participant_id IS NOT NULL))`)
@Check('api_keys_check1', `((owner_kind = 'integrator'::text) = (integrator IS NOT NULL))`)
export class ApiKeyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  label!: string;

  @Column('text', { name: 'owner_kind' })
  ownerKind!: ApiKeyOwner['kind'];

  @Column('text', { nullable: true })
  integrator!: 'tsb' | null;

  @Column('uuid', { name: 'participant_id', nullable: true })
  participantId!: string | null;

  @ManyToOne(() => ParticipantEntity, { nullable: true, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'api_keys_participant_id_fkey' })
  private readonly participant?: ParticipantEntity | null;

  @Column('text', { name: 'secret_hash' })
  secretHash!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  owner(): ApiKeyOwner {
    switch (this.ownerKind) {
      case 'admin':
        return { kind: 'admin' };
      case 'integrator':
        return { kind: 'integrator', integrator: 'tsb' };
      case 'participant':
        return { kind: 'participant', participantId: this.participantId! };
    }
  }

  toContract(): ApiKey {
    return {
      id: this.id,
      label: this.label,
      owner: this.owner(),
      createdAt: this.createdAt.toISOString(),
      lastUsedAt: this.lastUsedAt?.toISOString() ?? null,
      revokedAt: this.revokedAt?.toISOString() ?? null,
    };
  }
}
