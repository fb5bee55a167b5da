import { Injectable } from '@nestjs/common';
import { PrismaService } from '@wildid/common';

/** What a token's row says about it (never the address). */
export interface StoredToken {
  usedAt: Date | null;
  expiresAt: Date;
}

/** Sign-in tokens (by the sha256 of the token, never the token) and the accounts they open. */
@Injectable()
export class MagicLinkStore {
  constructor(private readonly prisma: PrismaService) {}

  /** Returns the row's id (to undo it if the mail cannot be queued). */
  async create(email: string, tokenHash: string, expiresAt: Date): Promise<string> {
    return (await this.prisma.magicLinkToken.create({ data: { email, tokenHash, expiresAt }, select: { id: true } })).id;
  }

  async delete(id: string): Promise<void> {
    await this.prisma.magicLinkToken.deleteMany({ where: { id } });
  }

  async find(tokenHash: string): Promise<StoredToken | null> {
    return this.prisma.magicLinkToken.findUnique({ where: { tokenHash }, select: { usedAt: true, expiresAt: true } });
  }

  /** Marks the token used if it is unused and unexpired at `now`, in one statement (two clicks cannot both win); its address, else null. */
  async use(tokenHash: string, now: Date): Promise<string | null> {
    const used = await this.prisma.magicLinkToken.updateManyAndReturn({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
      select: { email: true },
    });
    return used[0]?.email ?? null;
  }

  /** The account of this address, created on its first sign-in; its id. */
  async userFor(email: string): Promise<string> {
    const user = await this.prisma.user.upsert({ where: { email }, create: { email }, update: {}, select: { id: true } });
    return user.id;
  }
}
