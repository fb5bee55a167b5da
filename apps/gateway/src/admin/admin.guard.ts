import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { isAdmin, routeNotFound } from './admin-access';

/** Admin-only controllers: everyone else gets the 404 of a route that does not exist. */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!isAdmin(request)) throw routeNotFound(request);
    return true;
  }
}
