import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { DeliverySummary, RequestOf, ResponseOf } from '@jcg/contracts';
import { qualified } from '@jcg/messaging';
import { FailedDeliveries } from './failed-deliveries.js';

/** What became of a meeting's mail, and the administrator's replay of what failed. */
@Controller()
export class DeliveriesController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly failed: FailedDeliveries,
  ) {}

  @MessagePattern('notifications.deliveries.summary')
  async summary(
    @Payload() request: RequestOf<'notifications.deliveries.summary'>,
  ): Promise<ResponseOf<'notifications.deliveries.summary'>> {
    const table = qualified(this.dataSource.manager, 'deliveries');
    const counts = await this.dataSource.query<{ kind: string; status: string; count: number }[]>(
      `SELECT kind, status, count(*)::int AS count FROM ${table} WHERE meeting_id = $1 AND payload->'meeting'->>'groupId' = $2
        GROUP BY kind, status ORDER BY kind, status`,
      [request.meetingId, request.groupId],
    );
    const failed = await this.dataSource.query<
      {
        id: string;
        kind: string;
        recipient_email: string;
        last_error: string | null;
        failed_at: Date | null;
        retryable: boolean | null;
      }[]
    >(
      `SELECT id, kind, recipient_email, last_error, failed_at, retryable FROM ${table}
        WHERE meeting_id = $1 AND payload->'meeting'->>'groupId' = $2 AND status = 'failed' ORDER BY position LIMIT 1000`,
      [request.meetingId, request.groupId],
    );
    return {
      meetingId: request.meetingId,
      counts: counts as DeliverySummary['counts'],
      failed: failed.map((f) => ({
        deliveryId: f.id,
        kind: f.kind as DeliverySummary['failed'][number]['kind'],
        recipient: f.recipient_email,
        error: f.last_error,
        failedAt: f.failed_at?.toISOString() ?? null,
        retryable: f.retryable ?? true,
      })),
    };
  }

  @MessagePattern('notifications.deliveries.replay')
  async replay(
    @Payload() request: RequestOf<'notifications.deliveries.replay'>,
  ): Promise<ResponseOf<'notifications.deliveries.replay'>> {
    // A meeting of another group has no deliveries under this group: nothing to replay.
    const [mine] = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM ${qualified(this.dataSource.manager, 'deliveries')} WHERE meeting_id = $1 AND payload->'meeting'->>'groupId' = $2 LIMIT 1`,
      [request.meetingId, request.groupId],
    );
    const requeued = mine ? await this.failed.requeueFailed({ retryableOnly: false, meetingId: request.meetingId }) : 0;
    return { meetingId: request.meetingId, requeued };
  }
}
