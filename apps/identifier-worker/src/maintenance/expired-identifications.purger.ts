import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@wildid/common';

/**
 * Deletes anonymous identifications whose retention time has passed (their images cascade), except those
 * with a report no admin has resolved yet: the report would go with them. They go at the first purge after.
 */
@Injectable()
export class ExpiredIdentificationsPurger {
  private readonly logger = new Logger(ExpiredIdentificationsPurger.name);

  constructor(private readonly prisma: PrismaService) {}

  async purge(now = new Date()): Promise<number> {
    const { count } = await this.prisma.identification.deleteMany({
      where: { userId: null, expiresAt: { lt: now }, reports: { none: { resolvedAt: null } } },
    });
    if (count > 0) this.logger.log({ msg: 'purged expired anonymous identifications', count });
    return count;
  }
}
