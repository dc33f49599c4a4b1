import { Controller, Get, Header, Inject, NotFoundException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CONSOLE_INDEX } from './console.tokens.js';

/**
 * The web console's pages: every address the single-page application routes (`/`, `/sign-in`,
 * `/me`, `/groups/...`) answers its index.html, and the application shows the page. Any other
 * address keeps the API's problem+json 404. The scripts and styles are under `/assets/`.
 */
@ApiExcludeController()
@Controller()
export class ConsolePageController {
  constructor(@Inject(CONSOLE_INDEX) private readonly index: string | null) {}

  @Get(['', 'sign-in', 'me', 'groups', 'groups/*'])
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  // A sign-in link's token is in the address's fragment; the page keeps it from any referrer.
  @Header('referrer-policy', 'no-referrer')
  @Header('content-security-policy', "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
  @Header('x-frame-options', 'DENY')
  @Header('x-content-type-options', 'nosniff')
  page(): string {
    if (this.index === null)
      throw new NotFoundException('The web console is not built: run npm run build (npm start does it).');
    return this.index;
  }
}
