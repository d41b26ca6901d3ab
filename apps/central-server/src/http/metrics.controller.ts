import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { CentralConfig, DomainError, Metrics } from '@lobby/platform';
import { CentralConfigToken } from '../tokens';
import { Public } from './auth.guard';

@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(CentralConfigToken) private readonly config: CentralConfig,
  ) {}

  /** Prometheus text format; needs `METRICS_TOKEN` as bearer when one is set. */
  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    if (this.config.metricsToken && authorization !== `Bearer ${this.config.metricsToken}`) {
      throw new DomainError('unauthorized', 'metrics need the METRICS_TOKEN bearer token');
    }
    return this.metrics.registry.metrics();
  }
}
