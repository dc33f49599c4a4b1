import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { newSecret, secretHash } from '@jcg/contracts';
import { CommandError, qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { DeliveryPlanner } from '../deliveries/delivery-planner.js';
import { MAIL_OPTIONS, type MailOptions } from '../mail/mail-options.js';

/** A link is good once, for this long. */
export const LINK_LIFETIME_MS = 15 * 60_000;
/** Links mailed to one address within a link's lifetime, at most (more asks are answered the same, and dropped). */
const MAX_LINKS_PER_WINDOW = 5;

/**
 * One-time sign-in links. Asked for an address, each active participant with it (one per group)
 * gets a link by mail; the answer is the same for any address, so it tells nobody whether an
 * address is known. Only a hash of each token is kept; the token itself is in the mail (the
 * delivery's row) and nowhere else.
 */
@Injectable()
export class SignInLinks {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MAIL_OPTIONS) private readonly mail: MailOptions,
    private readonly planner: DeliveryPlanner,
  ) {}

  async request(email: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const people = await manager.query<
        { participant_id: string; name: string; email: string; acronym: string | null }[]
      >(
        `SELECT r.participant_id, r.name, r.email, g.acronym FROM ${qualified(manager, 'roster')} r
           LEFT JOIN ${qualified(manager, 'known_groups')} g ON g.id = r.group_id
          WHERE lower(r.email) = lower($1) AND r.status = 'active' ORDER BY g.acronym`,
        [email],
      );
      if (people.length === 0) return;
      const links = qualified(manager, 'sign_in_links');
      // One address at a time (a burst of asks for it waits here), then the window's count.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`sign-in:${email.toLowerCase()}`]);
      const [{ n }] = await manager.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM ${links} WHERE lower(email) = lower($1) AND created_at > $2`,
        [email, new Date(now.getTime() - LINK_LIFETIME_MS)],
      );
      if (n >= MAX_LINKS_PER_WINDOW) return;
      const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS);
      for (const person of people) {
        const token = newSecret();
        await manager.query(
          `INSERT INTO ${links} (token_hash, participant_id, email, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
          [secretHash(token), person.participant_id, person.email, now, expiresAt],
        );
        await this.planner.plan(manager, [
          {
            kind: 'sign-in-link',
            recipient: { participantId: person.participant_id, name: person.name, email: person.email, timeZone: null },
            stream: `sign-in:${person.participant_id}`,
            sequence: 0,
            meetingSequence: 0,
            hold: null,
            payload: {
              signIn: {
                // In the fragment: never sent to a server, so never in an access log.
                link: `${this.publicUrl}/sign-in#token=${token}`,
                group: person.acronym ?? '',
                expiresAt: expiresAt.toISOString(),
              },
            },
            dedupKey: `sign-in:${secretHash(token)}`,
          },
        ]);
      }
    });
  }

  /** Uses a link: once, before it expires. */
  async redeem(tokenHash: string): Promise<{ participantId: string; linkCreatedAt: string }> {
    const now = this.clock.now();
    const [[row]] = await this.dataSource.query<[{ participant_id: string; created_at: Date }[], number]>(
      `UPDATE ${qualified(this.dataSource.manager, 'sign_in_links')} SET used_at = $2
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING participant_id, created_at`,
      [tokenHash, now],
    );
    if (!row) {
      throw new CommandError({
        status: 401,
        code: 'SIGN_IN_LINK_INVALID',
        title: 'Sign-in link not valid',
        detail: 'The link is unknown, was used already, or is more than 15 minutes old: ask for a new one.',
      });
    }
    return { participantId: row.participant_id, linkCreatedAt: row.created_at.toISOString() };
  }

  private get publicUrl(): string {
    return (this.mail.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
  }
}
