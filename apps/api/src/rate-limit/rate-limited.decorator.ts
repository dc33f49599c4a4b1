import { SetMetadata } from '@nestjs/common';

export const RATE_LIMITED_BY_ADDRESS = 'jcg:rate-limited-by-address';

/** The per-address limits of public routes (a key's or a session's requests are limited by key or session). */
export type AddressRateLimit = 'signIn' | 'inboundWebhook';

/** A public route whose requests are counted per client address (the guard refuses them over the limit, with 429). */
export const RateLimitedByAddress = (limit: AddressRateLimit) => SetMetadata(RATE_LIMITED_BY_ADDRESS, limit);
