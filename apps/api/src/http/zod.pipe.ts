import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { HttpProblems } from './problems.js';

/**
 * Validates a body, query or path parameter against a zod schema: 400 problem+json listing
 * every issue, each named by where it is (`body.timeZone`, `path.groupId`, `query.limit`).
 */
@Injectable()
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly where: 'body' | 'query' | 'path' = 'body',
    /** For a path parameter: its name. */
    private readonly name?: string,
  ) {}

  transform(value: unknown): z.output<S> {
    if (this.where === 'body' && value === undefined && !this.schema.safeParse(undefined).success)
      throw HttpProblems.invalidRequest(['body: a JSON body is required']);
    const result = this.schema.safeParse(value);
    if (!result.success) {
      const base = [this.where, ...(this.name ? [this.name] : [])];
      throw HttpProblems.invalidRequest(
        result.error.issues.map((issue) => `${[...base, ...issue.path.map(String)].join('.')}: ${issue.message}`),
      );
    }
    return result.data;
  }
}
