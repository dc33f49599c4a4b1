import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { emailSchema, newSecret, principalSchema, secretHash, type Principal } from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access, CurrentPrincipal, type AuthenticatedRequest } from '../auth/access.decorator.js';
import { openApiRequestSchema, openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { UuidParam } from '../http/params.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { RateLimitedByAddress } from '../rate-limit/rate-limited.decorator.js';
import { CSRF_HEADER, SESSION_LIFETIME_MS, csrfTokenOf, sessionCookie } from './session-cookie.js';

const linkRequestSchema = z.strictObject({ email: emailSchema });
const signInSchema = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'the token from the link') });
const signOutSchema = z.strictObject({ everywhere: z.boolean().default(false) });
const sessionSchema = z.strictObject({
  principal: principalSchema,
  /** Present when signed in with a browser session (not an API key). */
  session: z.strictObject({ expiresAt: z.iso.datetime({ offset: true }), csrfToken: z.string() }).nullable(),
});
type SessionAnswer = z.infer<typeof sessionSchema>;
/** Both steps of signing in count against one limit per client address (RATE_LIMIT_SIGN_IN). */
const SIGN_IN_RATE_LIMITED = {
  status: 429,
  description: 'Too many sign-in requests from this address (RATE_LIMIT_SIGN_IN); Retry-After says when to try again',
  code: 'RATE_LIMITED',
  title: 'Too many requests',
  detail: 'At most 300 sign-in requests from one address per 10 minutes: try again in 42 s.',
};
const LINK_SENT = {
  message:
    'If the address belongs to an active participant, a sign-in link is on its way; it works once, for 15 minutes.',
};

/**
 * Sign-in by e-mail link for people, with a session cookie (machines keep API keys). The answer
 * to a link request is the same for every address, so it tells nobody whether one is known.
 */
@ApiTags('session')
@Controller('v1/session')
export class SessionHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Post('link')
  @HttpCode(202)
  @Access('public')
  @RateLimitedByAddress('signIn')
  @ApiOperation({
    summary: 'Ask for a sign-in link by e-mail',
    description:
      "If the address is an active participant's, a one-time link (15 minutes) is mailed to it; the answer is the same either way.",
  })
  @ApiBody({ schema: { ...openApiRequestSchema(linkRequestSchema), example: { email: 'ana@example.org' } } })
  @ApiResponse({ status: 202, description: 'Accepted', schema: { type: 'object', example: LINK_SENT } })
  @ApiProblems(400, 503, SIGN_IN_RATE_LIMITED)
  async requestLink(
    @Body(new ZodPipe(linkRequestSchema)) body: z.output<typeof linkRequestSchema>,
  ): Promise<typeof LINK_SENT> {
    await this.client.request('notifications.sign-in.request', { email: body.email });
    return LINK_SENT;
  }

  @Post()
  @Access('public')
  @RateLimitedByAddress('signIn')
  @ApiOperation({
    summary: "Sign in with the link's token: opens a session (cookie)",
    description: `The token is the link's \`token\` parameter; it works once, within 15 minutes. The answer sets the \`jcg_session\` cookie (HttpOnly, SameSite=Lax, Secure outside localhost; 12 hours) and gives the CSRF token to send in \`${CSRF_HEADER}\` with every change made in this session.`,
  })
  @ApiBody({ schema: openApiRequestSchema(signInSchema) })
  @ApiResponse({ status: 201, description: 'Signed in', schema: openApiSchema(sessionSchema) })
  @ApiProblems({
    status: 401,
    description: 'The link is unknown, used or expired',
    code: 'SIGN_IN_LINK_INVALID',
    title: 'Sign-in link not valid',
    detail: 'The link is unknown, was used already, or is more than 15 minutes old: ask for a new one.',
  })
  @ApiProblems(400, 503, SIGN_IN_RATE_LIMITED)
  async signIn(
    @Body(new ZodPipe(signInSchema)) body: z.output<typeof signInSchema>,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionAnswer> {
    const { participantId, linkCreatedAt } = await this.client.request('notifications.sign-in.redeem', {
      tokenHash: secretHash(body.token),
    });
    const sessionId = uuidv7();
    const secret = newSecret();
    const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS).toISOString();
    // Refused (401) when the participant was suspended or left since the link was mailed.
    const principal = await this.client.request('membership.sessions.open', {
      sessionId,
      secretHash: secretHash(secret),
      participantId,
      expiresAt,
      linkCreatedAt,
    });
    void reply.header(
      'set-cookie',
      sessionCookie(`${sessionId}.${secret}`, SESSION_LIFETIME_MS / 1000, request.hostname),
    );
    return { principal, session: { expiresAt, csrfToken: csrfTokenOf(secret) } };
  }

  @Get()
  @Access('anyone')
  @ApiCookieAuth()
  @ApiOperation({ summary: 'Who is signed in (or whom the API key speaks for), and the session’s CSRF token' })
  @ApiOkResponse({ schema: openApiSchema(sessionSchema) })
  @ApiProblems(401)
  current(@CurrentPrincipal() principal: Principal, @Req() request: AuthenticatedRequest): SessionAnswer {
    const session = request.session;
    return {
      principal,
      session: session ? { expiresAt: session.expiresAt, csrfToken: csrfTokenOf(session.secret) } : null,
    };
  }

  @Post('sign-out')
  @HttpCode(200)
  @Access('anyone')
  @ApiCookieAuth()
  @ApiOperation({
    summary: 'Sign out: this session ends at once (with `everywhere`, every session of this participant)',
  })
  @ApiBody({ schema: openApiRequestSchema(signOutSchema), required: false })
  @ApiOkResponse({ schema: openApiSchema(z.strictObject({ revoked: z.int().min(0) })) })
  @ApiProblems(400, 401, 403)
  async signOut(
    @Body(new ZodPipe(signOutSchema.optional())) body: z.output<typeof signOutSchema> | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ revoked: number }> {
    let revoked = 0;
    if (body?.everywhere && principal.kind === 'participant') {
      revoked = (await this.client.request('membership.sessions.revoke', { participantId: principal.participantId }))
        .revoked;
    } else if (request.session) {
      revoked = (await this.client.request('membership.sessions.revoke', { sessionId: request.session.sessionId }))
        .revoked;
    }
    if (request.session) void reply.header('set-cookie', sessionCookie('', 0, request.hostname));
    return { revoked };
  }
}

/** An administrator ends every browser session of a participant at once. */
@ApiTags('participants')
@Controller('v1/groups/:groupId/participants/:participantId/sessions')
export class ParticipantSessionsHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Delete()
  @Access('admin')
  @ApiOperation({ summary: 'End every browser session of the participant at once (their API keys are not touched)' })
  @ApiOkResponse({ schema: openApiSchema(z.strictObject({ revoked: z.int().min(0) })) })
  @ApiProblems(400, 401, 403, 404)
  async revoke(
    @UuidParam('groupId') groupId: string,
    @UuidParam('participantId') participantId: string,
  ): Promise<{ revoked: number }> {
    await this.client.request('membership.participants.get', { groupId, participantId }); // 404 if not of the group
    return this.client.request('membership.sessions.revoke', { participantId });
  }
}
