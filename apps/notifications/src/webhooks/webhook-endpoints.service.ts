import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { WEBHOOK_EVENT_TYPES, generateSecret, type RequestOf, type WebhookEndpoint } from '@jcg/contracts';
import { qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { checkEndpointUrl } from './http/endpoint-url.js';
import { resolveTarget } from './http/resolve-target.js';
import { endpointOf, type EndpointRow } from './endpoint-row.js';
import { WebhookDisabledNotice } from './webhook-disabled-notice.js';
import { WebhookErrors } from './webhooks.errors.js';
import { WEBHOOK_OPTIONS, type WebhookOptions } from './webhook-options.js';

/** Webhook endpoints: registered by TSB or an administrator, each with a secret shown once. */
@Injectable()
export class WebhookEndpoints {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookOptions,
    private readonly notice: WebhookDisabledNotice,
  ) {}

  async create(
    input: RequestOf<'notifications.webhooks.create-endpoint'>,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const url = await this.checkUrl(input.url);
    this.checkEventTypes(input.eventTypes);
    const now = this.clock.now();
    const secret = generateSecret();
    const [row] = await this.dataSource.query<EndpointRow[]>(
      `INSERT INTO ${this.table} (id, url, description, event_types, group_id, contact_email, enabled, disabled_reason,
         disabled_at, secret, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING *`,
      [
        uuidv7(),
        url,
        input.description,
        input.eventTypes,
        input.groupId,
        input.contactEmail,
        input.enabled,
        input.enabled ? null : 'disabled by its owner',
        input.enabled ? null : now,
        secret,
        input.createdBy,
        now,
      ],
    );
    return { endpoint: endpointOf(row), secret };
  }

  async list(): Promise<WebhookEndpoint[]> {
    const rows = await this.dataSource.query<EndpointRow[]>(`SELECT * FROM ${this.table} ORDER BY created_at, id`);
    return rows.map(endpointOf);
  }

  async get(endpointId: string): Promise<WebhookEndpoint> {
    return endpointOf(await this.row(this.dataSource.manager, endpointId));
  }

  async update(
    endpointId: string,
    patch: RequestOf<'notifications.webhooks.update-endpoint'>['patch'],
  ): Promise<WebhookEndpoint> {
    const url = patch.url === undefined ? undefined : await this.checkUrl(patch.url);
    if (patch.eventTypes !== undefined) this.checkEventTypes(patch.eventTypes);
    return this.dataSource.transaction(async (manager) => {
      const row = await this.row(manager, endpointId, true);
      const now = this.clock.now();
      const [[updated]] = await manager.query<[EndpointRow[], number]>(
        `UPDATE ${qualified(manager, 'webhook_endpoints')} SET
           url = COALESCE($2, url),
           description = COALESCE($3, description),
           event_types = CASE WHEN $4::boolean THEN $5::text[] ELSE event_types END,
           group_id = CASE WHEN $6::boolean THEN $7::uuid ELSE group_id END,
           contact_email = COALESCE($8, contact_email),
           updated_at = $9
         WHERE id = $1 RETURNING *`,
        [
          endpointId,
          url ?? null,
          patch.description ?? null,
          patch.eventTypes !== undefined,
          patch.eventTypes ?? null,
          patch.groupId !== undefined,
          patch.groupId ?? null,
          patch.contactEmail ?? null,
          now,
        ],
      );
      if (patch.enabled === true && !row.enabled) {
        // Enabled again: a fresh start (what failed meanwhile is replayed on request).
        const [[enabled]] = await manager.query<[EndpointRow[], number]>(
          `UPDATE ${qualified(manager, 'webhook_endpoints')} SET enabled = true, disabled_reason = NULL, disabled_at = NULL,
             failing_since = NULL WHERE id = $1 RETURNING *`,
          [endpointId],
        );
        return endpointOf(enabled);
      }
      if (patch.enabled === false && row.enabled) {
        return endpointOf(await this.disable(manager, updated, 'disabled by its owner', { notify: false }));
      }
      return endpointOf(updated);
    });
  }

  async remove(endpointId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.row(manager, endpointId, true);
      await manager.query(`DELETE FROM ${qualified(manager, 'webhook_endpoints')} WHERE id = $1`, [endpointId]);
    });
  }

  /** A new secret; the old one keeps signing (beside it) until the overlap ends. */
  async rotateSecret(
    endpointId: string,
    overlapSeconds: number,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    return this.dataSource.transaction(async (manager) => {
      await this.row(manager, endpointId, true);
      const now = this.clock.now();
      const secret = generateSecret();
      // An UPDATE ... RETURNING answers [rows, count].
      const [[row]] = await manager.query<[EndpointRow[], number]>(
        `UPDATE ${qualified(manager, 'webhook_endpoints')} SET previous_secret = secret, previous_secret_until = $2,
           secret = $3, updated_at = $4 WHERE id = $1 RETURNING *`,
        [endpointId, new Date(now.getTime() + overlapSeconds * 1000), secret, now],
      );
      return { endpoint: endpointOf(row), secret };
    });
  }

  /**
   * Disables an endpoint: what it still had to receive is marked failed (a replay sends it once
   * the endpoint is enabled again), so the pump sends it no more; its contact is mailed when the
   * system did it.
   */
  async disable(
    manager: EntityManager,
    row: EndpointRow,
    reason: string,
    options: { notify: boolean },
  ): Promise<EndpointRow> {
    const now = this.clock.now();
    const [[disabled]] = await manager.query<[EndpointRow[], number]>(
      `UPDATE ${qualified(manager, 'webhook_endpoints')} SET enabled = false, disabled_reason = $2, disabled_at = $3,
         updated_at = $3 WHERE id = $1 RETURNING *`,
      [row.id, reason.slice(0, 500), now],
    );
    await manager.query(
      `UPDATE ${qualified(manager, 'webhook_messages')} SET status = 'failed', replaying = false, next_attempt_at = NULL,
         finished_at = $2, last_error = COALESCE(last_error || ' / ', '') || 'endpoint disabled'
       WHERE endpoint_id = $1 AND status = 'pending'`,
      [row.id, now],
    );
    if (options.notify) await this.notice.plan(manager, disabled);
    return disabled;
  }

  /** The endpoint's row (locked for the transaction when asked), or 404. */
  async row(manager: EntityManager, endpointId: string, lock = false): Promise<EndpointRow> {
    const row = await this.find(manager, endpointId, lock ? 'update' : 'none');
    if (!row) throw WebhookErrors.endpointNotFound(endpointId);
    return row;
  }

  /** The endpoint's row, or undefined when there is none: read as it is, or locked for the transaction (`update` to change it, `share` to keep it from changing). */
  async find(
    manager: EntityManager,
    endpointId: string,
    lock: 'none' | 'share' | 'update' = 'none',
  ): Promise<EndpointRow | undefined> {
    const clause = { none: '', share: ' FOR SHARE', update: ' FOR UPDATE' }[lock];
    const [row] = await manager.query<EndpointRow[]>(
      `SELECT * FROM ${qualified(manager, 'webhook_endpoints')} WHERE id = $1${clause}`,
      [endpointId],
    );
    return row;
  }

  private get table(): string {
    return qualified(this.dataSource.manager, 'webhook_endpoints');
  }

  /** The URL as it will be called: syntax, scheme and the addresses its host resolves to (SSRF). */
  private async checkUrl(raw: string): Promise<string> {
    const checked = checkEndpointUrl(raw, { allowLoopback: this.options.allowLoopback });
    if (!checked.ok) throw WebhookErrors.urlNotAllowed(checked.reason);
    const target = await resolveTarget(checked.url, { allowLoopback: this.options.allowLoopback });
    if (!target.ok) throw WebhookErrors.urlNotAllowed(`The URL cannot be called: ${target.reason}.`);
    return checked.url.toString();
  }

  private checkEventTypes(types: string[] | null): void {
    const unknown = (types ?? []).filter((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length > 0) throw WebhookErrors.unknownEventTypes(unknown);
  }
}
