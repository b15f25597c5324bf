import type { z } from 'zod';

export interface CommandFromRequest {
  readonly type: string;
  readonly data: unknown;
  readonly aggregateId: string;
}

/**
 * One command endpoint: what it accepts (zod, which also documents it in OpenAPI) and how a
 * valid request becomes a command.
 */
export interface CommandRoute<
  Body extends z.ZodType = z.ZodType,
  Params extends z.ZodType = z.ZodType,
> {
  readonly operationId: string;
  readonly summary: string;
  /** Express path, e.g. `/v1/inventory/products/:sku/restock`. */
  readonly path: string;
  readonly params: Params;
  readonly body: Body;
  /** 201 Created (rather than 200) when the command brings the aggregate into existence. */
  readonly creates: boolean;
  readonly toCommand: (input: {
    readonly body: z.infer<Body>;
    readonly params: z.infer<Params>;
    readonly commandId: string;
    readonly issuedAt: string;
  }) => CommandFromRequest;
}

export const commandRoute = <Body extends z.ZodType, Params extends z.ZodType>(
  route: CommandRoute<Body, Params>,
) => route as unknown as CommandRoute;
