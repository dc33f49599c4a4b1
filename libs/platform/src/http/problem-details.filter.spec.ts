import { NotFoundException } from '@nestjs/common';
import { ContractViolation } from '@jcg/contracts';
import { RemoteError, runInContext } from '@jcg/messaging';
import { problemDocument, toProblem } from './problem-details.filter.js';

describe('toProblem', () => {
  it('keeps a remote problem as it came', () => {
    const problem = {
      status: 409,
      code: 'GROUP_EXISTS',
      title: 'Group exists',
      detail: 'taken',
      extensions: { acronym: 'X' },
    };
    expect(toProblem(new RemoteError(problem))).toBe(problem);
  });

  it('maps a contract violation to 400 with the issues', () => {
    expect(toProblem(new ContractViolation('x', ['a: bad', 'b: worse']))).toEqual({
      status: 400,
      code: 'INVALID_REQUEST',
      title: 'Invalid request',
      detail: 'a: bad; b: worse',
    });
  });

  it('maps Nest and Fastify errors by status', () => {
    expect(toProblem(new NotFoundException('nothing here'))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
      title: 'Not found',
      detail: 'nothing here',
    });
    const malformed = Object.assign(new Error('Unexpected token } in JSON'), { statusCode: 400 });
    expect(toProblem(malformed)).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      detail: 'Unexpected token } in JSON',
    });
  });

  it('never leaks an unexpected error', () => {
    expect(toProblem(new Error('password=hunter2'))).toEqual({
      status: 500,
      code: 'INTERNAL_ERROR',
      title: 'Internal error',
      detail: 'The server failed to handle the request.',
    });
  });
});

describe('problemDocument', () => {
  it('writes an RFC 9457 document with the correlation id', () => {
    const doc = runInContext({ correlationId: 'c-42', causationId: null }, () =>
      problemDocument(
        { status: 503, code: 'SERVICE_UNAVAILABLE', title: 'Service unavailable', detail: 'later' },
        '/v1/groups',
      ),
    );
    expect(doc).toEqual({
      type: '/problems/service-unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: 'later',
      instance: '/v1/groups',
      code: 'SERVICE_UNAVAILABLE',
      correlationId: 'c-42',
    });
  });
});
