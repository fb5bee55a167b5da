import { type ExecutionContext, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import type { SignedInUser } from '../auth/session.service';
import { AdminGuard } from './admin.guard';

function contextFor(user: Partial<SignedInUser> | undefined): ExecutionContext {
  const request = { method: 'GET', originalUrl: '/api/admin/stats?recent=5', user };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

describe(AdminGuard.name, () => {
  const sut = new AdminGuard();

  describe('canActivate', () => {
    it('lets admins through', () => {
      expect(sut.canActivate(contextFor({ isAdmin: true }))).toBe(true);
    });

    it.each([
      ['anonymous', undefined],
      ['signed in, not an admin', { isAdmin: false }],
    ])('answers %s with the 404 of a missing route', (_label, user) => {
      expect(() => sut.canActivate(contextFor(user))).toThrow(new NotFoundException('Cannot GET /api/admin/stats?recent=5'));
    });
  });
});
