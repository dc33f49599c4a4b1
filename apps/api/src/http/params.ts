import { Param } from '@nestjs/common';
import { z } from 'zod';
import { ZodPipe } from './zod.pipe.js';

const uuid = z.uuid({ message: 'must be a UUID' });

/** A path parameter that must be a UUID (400 problem+json otherwise). */
export const UuidParam = (name: string) => Param(name, new ZodPipe(uuid, 'path', name));

/** A path parameter that must be a positive whole number. */
export const NumberParam = (name: string) =>
  Param(name, new ZodPipe(z.coerce.number().int().min(1).max(1_000_000), 'path', name));
