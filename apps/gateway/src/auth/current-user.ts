import { createParamDecorator, type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import type { SignedInUser } from './session.service';

declare module 'express' {
  interface Request {
    /** Set by SessionMiddleware when the request carries a valid session cookie. */
    user?: SignedInUser;
  }
}

/** The signed-in user, or undefined for anonymous requests. */
export const OptionalUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): SignedInUser | undefined => context.switchToHttp().getRequest<Request>().user,
);

/** The signed-in user; anonymous requests get 401. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): SignedInUser => {
  const user = context.switchToHttp().getRequest<Request>().user;
  if (!user) throw new UnauthorizedException('Sign in first: this needs your account.');
  return user;
});
