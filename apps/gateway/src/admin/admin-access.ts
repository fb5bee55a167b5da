import { NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import '../auth/current-user';

/** Signed in with an address listed in ADMIN_EMAILS (SessionMiddleware sets `request.user`). */
export function isAdmin(request: Request): boolean {
  return request.user?.isAdmin === true;
}

/** Exactly what Nest answers for a route that does not exist, so nobody else can tell the admin pages are there. */
export function routeNotFound(request: Request): NotFoundException {
  return new NotFoundException(`Cannot ${request.method} ${request.originalUrl}`);
}
