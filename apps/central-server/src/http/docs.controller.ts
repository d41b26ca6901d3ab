import { Controller, Get, Headers, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from './auth.guard';
import { DOCS_ASSETS, DOCS_INITIALIZER, DOCS_PAGE, docsAsset } from './docs-page';
import { openApiDocument } from './openapi';

const VERSION = '0.1.0';

/**
 * `/api/docs`: the browsable page for a browser, the OpenAPI document (JSON) for any client that
 * does not ask for HTML; `/api/docs.json` always the document. Public, like the page's assets.
 */
@Controller('api')
export class DocsController {
  private readonly document = openApiDocument(VERSION);

  @Public()
  @Get('docs')
  docs(@Headers('accept') accept: string | undefined, @Res() res: Response): void {
    if (accept?.includes('text/html')) res.type('html').send(DOCS_PAGE);
    else res.json(this.document);
  }

  @Public()
  @Get('docs.json')
  json(): Record<string, unknown> {
    return this.document;
  }

  @Public()
  @Get('docs/:asset')
  asset(@Param('asset') name: string, @Res() res: Response): void {
    if (name === 'initializer.js') {
      res.type('application/javascript; charset=utf-8').send(DOCS_INITIALIZER);
      return;
    }
    const type = DOCS_ASSETS[name];
    if (!type) throw new NotFoundException(`no such file: ${name}`);
    res.setHeader('cache-control', 'public, max-age=86400');
    res.type(type).send(docsAsset(name));
  }
}
