import { NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import type { SignedInUser } from '../auth/session.service';
import { DASHBOARD_CSP, dashboardBasePath, publicBasePath, queueDashboardGate } from './queue-dashboard';

function makeUser(overrides: Partial<SignedInUser> = {}): SignedInUser {
  return { id: 'u1', email: 'someone@example.org', isAdmin: false, sessionId: 's1', ...overrides };
}

function run(user: SignedInUser | undefined, originalUrl = '/admin/queues/api/queues') {
  const request = { method: 'GET', originalUrl, user } as unknown as Request;
  const response = { setHeader: vi.fn() };
  const next = vi.fn();
  queueDashboardGate(request, response as unknown as Response, next);
  return { response, next };
}

describe('queue dashboard', () => {
  describe(queueDashboardGate.name, () => {
    it('lets an admin through with the dashboard CSP', () => {
      const { response, next } = run(makeUser({ isAdmin: true }));

      expect(next).toHaveBeenCalledWith();
      expect(response.setHeader).toHaveBeenCalledWith('Content-Security-Policy', DASHBOARD_CSP);
    });

    it.each([
      ['anonymous', undefined],
      ['signed in, not an admin', makeUser()],
    ])('answers %s with the 404 of a missing route', (_label, user) => {
      const { response, next } = run(user, '/admin/queues/static/js/main.js?v=1');

      const error = next.mock.calls[0][0];
      expect(error).toBeInstanceOf(NotFoundException);
      expect((error as NotFoundException).message).toBe('Cannot GET /admin/queues/static/js/main.js?v=1');
      expect(response.setHeader).not.toHaveBeenCalled();
    });
  });

  describe('DASHBOARD_CSP', () => {
    const directives = new Map(DASHBOARD_CSP.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]));

    it('allows scripts from our origin only', () => {
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('script-src-attr')).toEqual(["'none'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
    });

    it("lets Bull Board's <base href> and inline styles work, and nothing third-party", () => {
      expect(directives.get('base-uri')).toEqual(["'self'"]);
      expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
      expect(DASHBOARD_CSP).not.toMatch(/https:|googleapis/);
    });
  });

  describe(dashboardBasePath.name, () => {
    it.each([
      ['http://localhost:3000', '/admin/queues/'],
      ['https://example.org/', '/admin/queues/'],
      ['https://example.org/wildid', '/wildid/admin/queues/'],
      ['https://example.org/wildid/', '/wildid/admin/queues/'],
      ['https://example.org/a/b/', '/a/b/admin/queues/'],
    ])('is under the path of PUBLIC_URL %s', (publicUrl, expected) => {
      expect(dashboardBasePath(publicUrl)).toBe(expected);
    });
  });

  describe(publicBasePath.name, () => {
    it('ends with a slash', () => {
      expect(publicBasePath('https://example.org/wildid')).toBe('/wildid/');
      expect(publicBasePath('https://example.org')).toBe('/');
    });
  });
});
