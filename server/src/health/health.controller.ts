import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Operation, Public } from '../common/http/zod-route.decorators.js';
import { HealthOutput, LivenessOutput } from './health.schemas.js';
import { HealthService } from './health.service.js';

/**
 * Probes for orchestrators. Liveness never touches the database, so an outage does not get
 * every instance restarted at once; readiness takes an instance out of rotation instead.
 */
@Controller('health')
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  @Get('live')
  @Public()
  @Operation({
    summary: 'Liveness',
    description: 'The process can serve requests. Makes no database call, so it stays 200 while the database is down.',
    response: LivenessOutput,
  })
  live(@Res({ passthrough: true }) response: FastifyReply): LivenessOutput {
    void response.header('Cache-Control', 'no-store');
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @Operation({
    summary: 'Readiness',
    description: 'The database answers and every migration is applied. Answers 503 with the same body when not ready.',
    response: HealthOutput,
  })
  ready(@Res({ passthrough: true }) response: FastifyReply): Promise<HealthOutput> {
    return this.readiness(response);
  }

  @Get()
  @Public()
  @Operation({
    summary: 'Health (readiness)',
    description: 'The same answer as /api/health/ready, kept for existing probes.',
    response: HealthOutput,
  })
  check(@Res({ passthrough: true }) response: FastifyReply): Promise<HealthOutput> {
    return this.readiness(response);
  }

  private async readiness(response: FastifyReply): Promise<HealthOutput> {
    const result = await this.health.ready();
    void response.status(result.status === 'ok' ? 200 : 503);
    // Probes must see the current state, never a cached one.
    void response.header('Cache-Control', 'no-store');
    return result;
  }
}
