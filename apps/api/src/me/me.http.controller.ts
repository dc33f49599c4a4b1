import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { principalSchema, type Principal } from '@jcg/contracts';
import { Access, CurrentPrincipal } from '../auth/access.decorator.js';
import { openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';

@ApiTags('me')
@ApiBearerAuth()
@ApiProblems(401, 503)
@Controller('v1/me')
export class MeHttpController {
  @Get()
  @Access('anyone')
  @ApiOperation({ summary: 'Whom your API key speaks for, with your group and role' })
  @ApiOkResponse({ schema: openApiSchema(principalSchema) })
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
