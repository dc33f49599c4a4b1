import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', example: '/problems/group-not-found' },
    title: { type: 'string', example: 'Group not found' },
    status: { type: 'integer', example: 404 },
    detail: { type: 'string', example: 'No group has the id 0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2c.' },
    instance: { type: 'string', example: '/v1/groups/0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2c' },
    code: { type: 'string', example: 'GROUP_NOT_FOUND' },
    correlationId: { type: 'string' },
  },
};

/** Documents the problem+json answers a route can give. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: 'A problem document (RFC 9457)', content: { 'application/problem+json': { schema: problemSchema } } }),
    ),
  );
}
