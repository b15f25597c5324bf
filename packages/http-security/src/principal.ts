/** What a credential may do. Health, metrics and OpenAPI need none. */
export const scopes = ['commands:write', 'queries:read', 'admin'] as const;
export type Scope = (typeof scopes)[number];

export const isScope = (value: string): value is Scope =>
  (scopes as readonly string[]).includes(value);

/**
 * Who made a request, as far as Orderflow needs to know: a stable, non-personal id (an API key's
 * name, or a pseudonym of a JWT's issuer and subject) and what it may do.
 */
export interface Principal {
  readonly id: string;
  readonly scopes: ReadonlySet<Scope>;
  readonly via: 'api-key' | 'jwt' | 'insecure';
}

export const insecurePrincipal: Principal = {
  id: 'insecure:anonymous',
  scopes: new Set(scopes),
  via: 'insecure',
};
