import { Controller, Get } from '@nestjs/common';
import { Public } from './auth.guard';
import { openApiDocument } from './openapi';

const VERSION = '0.1.0';

@Controller('api/docs')
export class DocsController {
  private readonly document = openApiDocument(VERSION);

  /** The OpenAPI document (JSON). */
  @Public()
  @Get()
  docs(): Record<string, unknown> {
    return this.document;
  }
}
