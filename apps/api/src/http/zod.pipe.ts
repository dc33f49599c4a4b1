import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { describeIssues } from '@jcg/contracts';
import { HttpProblems } from './problems.js';

/** Validates a body, query or parameter against a zod schema: 400 problem+json listing every issue. */
@Injectable()
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly where: 'body' | 'query' | 'path' = 'body',
  ) {}

  transform(value: unknown): z.output<S> {
    if (this.where === 'body' && value === undefined) throw HttpProblems.invalidRequest(['body: a JSON body is required']);
    const result = this.schema.safeParse(value);
    if (!result.success) throw HttpProblems.invalidRequest(describeIssues(result.error).map((issue) => `${this.where}.${issue}`));
    return result.data;
  }
}
