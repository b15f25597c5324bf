import type { RequestHandler, Response } from 'express';
import type { Authenticator } from './authenticator.ts';
import type { Principal, Scope } from './principal.ts';
import { insufficientScope } from './problems.ts';

/** Tells every client (and its operator) that nothing here is protected. */
export const authModeHeader = 'X-Orderflow-Auth';

/** On every response, health included, when authentication is off. */
export const announceInsecureMode =
  (authenticator: Authenticator): RequestHandler =>
  (_request, response, next) => {
    if (authenticator.mode === 'insecure') response.setHeader(authModeHeader, 'insecure');
    next();
  };

/** Lets the request through only with a valid credential carrying `scope`; 401 / 403 otherwise. */
export const requireScope =
  (authenticator: Authenticator, scope: Scope): RequestHandler =>
  (request, response, next) => {
    authenticator.authenticate(request.headers).then((principal) => {
      if (!principal.scopes.has(scope)) {
        next(insufficientScope(scope));
        return;
      }
      response.locals.principal = principal;
      next();
    }, next);
  };

/** The principal `requireScope` let through, for the route handler. */
export const principalOf = (response: Response): Principal | undefined =>
  response.locals.principal as Principal | undefined;
