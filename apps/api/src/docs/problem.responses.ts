import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { componentRef } from './component-schemas.js';

export interface ProblemExample {
  status: number;
  description: string;
  code: string;
  title: string;
  detail: string;
}

const EXAMPLES: Record<number, Omit<ProblemExample, 'status'>> = {
  400: {
    description: 'Invalid request',
    code: 'INVALID_REQUEST',
    title: 'Invalid request',
    detail: 'body.timeZone: is not a known IANA time zone',
  },
  401: {
    description: 'No key, or an unknown, revoked or malformed one',
    code: 'UNAUTHENTICATED',
    title: 'Unauthenticated',
    detail: 'Send an API key: Authorization: Bearer <key>.',
  },
  403: {
    description: 'The key may not call this route',
    code: 'FORBIDDEN',
    title: 'Forbidden',
    detail: 'This route is for: an administrator, TSB.',
  },
  404: {
    description: 'Not found',
    code: 'GROUP_NOT_FOUND',
    title: 'Group not found',
    detail: 'No group has the id 0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2c.',
  },
  409: {
    description: 'In conflict with the current state',
    code: 'MEETING_WRONG_STATE',
    title: 'Meeting in the wrong state',
    detail: 'The meeting is proposed; to announce it, it must be agreed.',
  },
  422: {
    description: 'Refused by a rule of the group',
    code: 'TOO_LATE_TO_ANNOUNCE',
    title: 'Too late to announce',
    detail:
      'The meeting must be announced 7 days before it starts, by 2026-12-08T13:00:00.000Z, which has passed (R4).',
  },
  415: {
    description: 'The body is not of the type the route takes',
    code: 'UNSUPPORTED_MEDIA_TYPE',
    title: 'Unsupported media type',
    detail: 'Send the body as JSON with "Content-Type: application/json" (got "text/plain").',
  },
  503: {
    description: 'A service behind the API did not answer in time',
    code: 'SERVICE_UNAVAILABLE',
    title: 'Service unavailable',
    detail: 'The membership service did not answer "membership.groups.list" within 5000 ms.',
  },
};

/**
 * Documents the problem+json answers a route can give, each with an example of its kind: a
 * status (the general example), or the route's own example of that status.
 */
export function ApiProblems(...answers: (number | ProblemExample)[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...answers.map((answer) => {
      const status = typeof answer === 'number' ? answer : answer.status;
      const example = typeof answer === 'number' ? EXAMPLES[status] : answer;
      return ApiResponse({
        status,
        description: example?.description ?? 'A problem document (RFC 9457)',
        content: {
          'application/problem+json': {
            schema: componentRef('Problem'),
            ...(example
              ? {
                  example: {
                    type: `/problems/${example.code.toLowerCase().replaceAll('_', '-')}`,
                    title: example.title,
                    status,
                    detail: example.detail,
                    code: example.code,
                  },
                }
              : {}),
          },
        },
      });
    }),
  );
}
