import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Operation, Public } from '../common/http/zod-route.decorators.js';
import { HealthOutput } from './health.schemas.js';
import { HealthService } from './health.service.js';

@Controller('health')
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  @Get()
  @Public()
  @Operation({
    summary: 'Health',
    description: 'Liveness and readiness (database round trip). Answers 503 with the same body when not ready.',
    response: HealthOutput,
  })
  async check(@Res({ passthrough: true }) response: FastifyReply): Promise<HealthOutput> {
    const result = await this.health.check();
    void response.status(result.status === 'ok' ? 200 : 503);
    // Probes must see the current state, never a cached one.
    void response.header('Cache-Control', 'no-store');
    return result;
  }
}
