import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventsOnTopic,
  get,
  post,
  startCommandServices,
  wait,
  type CommandServices,
} from '../support/command-services.ts';

let services: CommandServices;
beforeAll(async () => {
  services = await startCommandServices();
});
afterAll(async () => {
  await services.close();
});

const sku = () => `sku-${randomUUID().slice(0, 8)}`;
const customer = () => `cust-${randomUUID().slice(0, 8)}`;

describe('inventory commands over HTTP', () => {
  it('registers a product (201 with events, version and a consistency token) and restocks it (200)', async () => {
    const id = sku();
    const registered = await post(
      `${services.inventory}/v1/inventory/products`,
      { sku: id, name: 'Blue mug', initialStock: 5 },
      wait,
    );
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({
      aggregateId: id,
      version: 1,
      events: [{ type: 'ProductRegistered', version: 1 }],
    });
    expect(registered.body.consistencyToken).toEqual(expect.any(String));
    expect(registered.headers.get('etag')).toBe('"1"');
    expect(registered.headers.get('preference-applied')).toBe('wait=10');

    const restocked = await post(
      `${services.inventory}/v1/inventory/products/${id}/restock`,
      { quantity: 3 },
      wait,
    );
    expect(restocked.status).toBe(200);
    expect(restocked.body).toMatchObject({ version: 2, events: [{ type: 'StockRestocked' }] });
    expect(await eventsOnTopic('inventory', id)).toEqual([
      expect.objectContaining({ type: 'dev.orderflow.inventory.ProductRegistered', version: 1 }),
      expect.objectContaining({ type: 'dev.orderflow.inventory.StockRestocked', version: 2 }),
    ]);
  });

  it('answers 202 with a Location for the command status without Prefer: wait', async () => {
    const taken = await post(`${services.inventory}/v1/inventory/products`, {
      sku: sku(),
      name: 'Lamp',
    });
    expect(taken.status).toBe(202);
    const location = taken.headers.get('location') ?? '';
    expect(location).toMatch(/^\/v1\/commands\/inventory\//);
    let status = await get(`${services.inventory}${location}`);
    for (let i = 0; i < 50 && status.status === 404; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await get(`${services.inventory}${location}`);
    }
    expect(status.body).toMatchObject({ status: 'accepted', result: { version: 1 } });
  });

  it('refuses a duplicate registration with 422 and a restock of an unknown product with 404', async () => {
    const id = sku();
    await post(`${services.inventory}/v1/inventory/products`, { sku: id, name: 'Pen' }, wait);
    const again = await post(
      `${services.inventory}/v1/inventory/products`,
      { sku: id, name: 'Pen' },
      wait,
    );
    expect(again.status).toBe(422);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({ code: 'PRODUCT_ALREADY_REGISTERED', status: 422 });
    const unknown = sku();
    const missing = await post(
      `${services.inventory}/v1/inventory/products/${unknown}/restock`,
      { quantity: 1 },
      wait,
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
    expect(await eventsOnTopic('inventory', id)).toHaveLength(1);
    expect(await eventsOnTopic('inventory', unknown)).toEqual([]);
  });
});

describe('payments commands over HTTP', () => {
  it('opens an account and grants credit', async () => {
    const id = customer();
    const opened = await post(
      `${services.payments}/v1/payments/accounts`,
      { customerId: id, creditLimit: 10_000, currency: 'EUR' },
      wait,
    );
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ version: 1, events: [{ type: 'AccountOpened' }] });
    const granted = await post(
      `${services.payments}/v1/payments/accounts/${id}/credit`,
      { amount: 500 },
      wait,
    );
    expect(granted).toMatchObject({
      status: 200,
      body: { version: 2, events: [{ type: 'CreditGranted' }] },
    });
  });

  it('refuses a second account (422) and credit for an unknown account (404)', async () => {
    const id = customer();
    await post(
      `${services.payments}/v1/payments/accounts`,
      { customerId: id, creditLimit: 1, currency: 'EUR' },
      wait,
    );
    expect(
      (
        await post(
          `${services.payments}/v1/payments/accounts`,
          { customerId: id, creditLimit: 1, currency: 'EUR' },
          wait,
        )
      ).body,
    ).toMatchObject({ code: 'ACCOUNT_ALREADY_OPEN' });
    expect(
      await post(
        `${services.payments}/v1/payments/accounts/${customer()}/credit`,
        { amount: 1 },
        wait,
      ),
    ).toMatchObject({ status: 404, body: { code: 'ACCOUNT_NOT_FOUND' } });
  });
});

describe('orders commands over HTTP', () => {
  it('places an order (201), deriving an order id when none is given; refuses to cancel an unconfirmed one (422)', async () => {
    const placed = await post(
      `${services.orders}/v1/orders`,
      {
        customerId: customer(),
        currency: 'EUR',
        lines: [{ sku: sku(), quantity: 2, unitPrice: 250 }],
      },
      wait,
    );
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ version: 1, events: [{ type: 'OrderPlaced' }] });
    const orderId = String(placed.body.aggregateId);
    const cancelled = await post(
      `${services.orders}/v1/orders/${orderId}/cancel`,
      { reason: 'changed my mind' },
      wait,
    );
    expect(cancelled).toMatchObject({ status: 422, body: { code: 'ORDER_NOT_CANCELLABLE' } });
    expect(
      (await post(`${services.orders}/v1/orders/ord-${randomUUID()}/cancel`, {}, wait)).body,
    ).toMatchObject({ code: 'ORDER_NOT_FOUND' });
  });

  it('refuses duplicate SKUs in one order with 422', async () => {
    const line = { sku: sku(), quantity: 1, unitPrice: 1 };
    const refused = await post(
      `${services.orders}/v1/orders`,
      { customerId: customer(), currency: 'EUR', lines: [line, line] },
      wait,
    );
    expect(refused).toMatchObject({ status: 422, body: { code: 'DUPLICATE_SKU' } });
  });
});

describe('idempotency and concurrency', () => {
  it('returns the first outcome for a repeated Idempotency-Key and writes nothing new', async () => {
    const key = randomUUID();
    const body = {
      customerId: customer(),
      currency: 'EUR',
      lines: [{ sku: sku(), quantity: 1, unitPrice: 100 }],
    };
    const first = await post(`${services.orders}/v1/orders`, body, {
      ...wait,
      'idempotency-key': key,
    });
    const second = await post(`${services.orders}/v1/orders`, body, {
      ...wait,
      'idempotency-key': key,
    });
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    // The saga may already have answered the order (its SKU is unknown, so it gets rejected):
    // count only what the command itself wrote.
    const placed = (await eventsOnTopic('orders', String(first.body.aggregateId))).filter(
      (event) => event.type === 'dev.orderflow.orders.OrderPlaced',
    );
    expect(placed).toHaveLength(1);
  });

  it('refuses the same Idempotency-Key with a different body (422 IDEMPOTENCY_KEY_REUSED)', async () => {
    const key = randomUUID();
    const id = sku();
    await post(
      `${services.inventory}/v1/inventory/products`,
      { sku: id, name: 'Cup' },
      { ...wait, 'idempotency-key': key },
    );
    const reused = await post(
      `${services.inventory}/v1/inventory/products`,
      { sku: id, name: 'Other cup' },
      { ...wait, 'idempotency-key': key },
    );
    expect(reused).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(await eventsOnTopic('inventory', id)).toHaveLength(1);
  });

  it('refuses a key reused before its first request is decided, instead of answering with the first outcome', async () => {
    const key = randomUUID();
    const id = sku();
    const first = await post(
      `${services.inventory}/v1/inventory/products`,
      { sku: id, name: 'Bowl' },
      { 'idempotency-key': key },
    );
    expect(first.status).toBe(202);
    const reused = await post(
      `${services.inventory}/v1/inventory/products`,
      { sku: id, name: 'Other bowl', initialStock: 3 },
      { ...wait, 'idempotency-key': key },
    );
    expect(reused).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    const repeated = await post(
      `${services.inventory}/v1/inventory/products`,
      { sku: id, name: 'Bowl' },
      { ...wait, 'idempotency-key': key },
    );
    expect(repeated.status).toBe(201);
    expect(await eventsOnTopic('inventory', id)).toHaveLength(1);
  });

  it('places one order, not two, for one key sent concurrently for two order ids', async () => {
    const key = randomUUID();
    const customerId = customer();
    const orderIds = [`order-${randomUUID()}`, `order-${randomUUID()}`];
    const answers = await Promise.all(
      orderIds.map((orderId) =>
        post(
          `${services.orders}/v1/orders`,
          {
            orderId,
            customerId,
            currency: 'EUR',
            lines: [{ sku: sku(), quantity: 1, unitPrice: 1 }],
          },
          { ...wait, 'idempotency-key': key },
        ),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 422]);
    const placed = await Promise.all(
      orderIds.map(async (orderId) =>
        (await eventsOnTopic('orders', orderId)).filter(
          (event) => event.type === 'dev.orderflow.orders.OrderPlaced',
        ),
      ),
    );
    expect(placed.flat()).toHaveLength(1);
    const winner = answers.find((answer) => answer.status === 201);
    expect(placed[orderIds.indexOf(String(winner?.body.aggregateId))]).toHaveLength(1);
  });

  it('lets one of two concurrent If-Match restocks win; the other gets 409', async () => {
    const id = sku();
    await post(
      `${services.inventory}/v1/inventory/products`,
      { sku: id, name: 'Plate', initialStock: 1 },
      wait,
    );
    const answers = await Promise.all([
      post(
        `${services.inventory}/v1/inventory/products/${id}/restock`,
        { quantity: 1 },
        { ...wait, 'if-match': '"1"' },
      ),
      post(
        `${services.inventory}/v1/inventory/products/${id}/restock`,
        { quantity: 2 },
        { ...wait, 'if-match': '"1"' },
      ),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)?.body).toMatchObject({
      code: 'VERSION_CONFLICT',
      expectedVersion: 1,
      actualVersion: 2,
    });
    expect(await eventsOnTopic('inventory', id)).toHaveLength(2);
  });
});

describe('bad requests: problem+json with a stable code, and no event written', () => {
  const productsUrl = () => `${services.inventory}/v1/inventory/products`;
  const expectProblem = (
    answer: { status: number; headers: Headers; body: Record<string, unknown> },
    status: number,
    code: string,
  ) => {
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({
      status,
      code,
      type: expect.stringContaining('https://') as unknown,
      title: expect.any(String) as unknown,
    });
  };

  it('malformed JSON -> 400 MALFORMED_JSON', async () => {
    const id = sku();
    expectProblem(await post(productsUrl(), `{"sku":"${id}","name":`, wait), 400, 'MALFORMED_JSON');
    expect(await eventsOnTopic('inventory', id)).toEqual([]);
  });

  it('unknown fields and wrong types -> 400 VALIDATION_FAILED naming every invalid field', async () => {
    const id = sku();
    const answer = await post(
      productsUrl(),
      { sku: id, name: 42, initialStock: -1, colour: 'blue' },
      wait,
    );
    expectProblem(answer, 400, 'VALIDATION_FAILED');
    const fields = (answer.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['body', 'body.initialStock', 'body.name']);
    expect(JSON.stringify(answer.body.errors)).toContain('colour');
    expect(await eventsOnTopic('inventory', id)).toEqual([]);
  });

  it('a body over 64 KiB -> 413 PAYLOAD_TOO_LARGE', async () => {
    const id = sku();
    expectProblem(
      await post(productsUrl(), { sku: id, name: 'x'.repeat(70_000) }, wait),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect(await eventsOnTopic('inventory', id)).toEqual([]);
  });

  it('a body that is not JSON -> 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const id = sku();
    expectProblem(
      await post(productsUrl(), `sku=${id}&name=x`, {
        ...wait,
        'content-type': 'application/x-www-form-urlencoded',
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(
      await post(productsUrl(), `sku=${id}`, { ...wait, 'content-type': 'text/plain' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(await eventsOnTopic('inventory', id)).toEqual([]);
  });

  it('invalid headers -> 400 INVALID_HEADER', async () => {
    const id = sku();
    expectProblem(
      await post(productsUrl(), { sku: id, name: 'x' }, { ...wait, 'if-match': 'yesterday' }),
      400,
      'INVALID_HEADER',
    );
    expectProblem(
      await post(
        productsUrl(),
        { sku: id, name: 'x' },
        { ...wait, 'idempotency-key': 'no spaces allowed' },
      ),
      400,
      'INVALID_HEADER',
    );
    expect(await eventsOnTopic('inventory', id)).toEqual([]);
  });

  it('unknown routes -> 404 NOT_FOUND; unknown commands -> 404 COMMAND_NOT_FOUND', async () => {
    expectProblem(await post(`${services.inventory}/v1/nothing-here`, {}), 404, 'NOT_FOUND');
    expectProblem(
      await get(`${services.inventory}/v1/commands/inventory/${randomUUID()}`),
      404,
      'COMMAND_NOT_FOUND',
    );
  });
});

describe('request metadata', () => {
  it("carries the request's X-Correlation-Id into the command and onto its events' headers", async () => {
    const id = sku();
    const correlationId = `corr-${randomUUID()}`;
    const answer = await post(
      `${services.inventory}/v1/inventory/products`,
      { sku: id, name: 'Bowl' },
      { ...wait, 'x-correlation-id': correlationId },
    );
    expect(answer.headers.get('x-correlation-id')).toBe(correlationId);
    expect(await eventsOnTopic('inventory', id)).toEqual([
      expect.objectContaining({ correlationId }),
    ]);
  });
});

describe('service documents', () => {
  it('serves an OpenAPI 3.1 document generated from the zod schemas', async () => {
    const document = await get(`${services.orders}/openapi.json`);
    expect(document.body).toMatchObject({ openapi: '3.1.0' });
    const placeOrder = (
      document.body.paths as Record<
        string,
        {
          post: {
            requestBody: { content: { 'application/json': { schema: { required: string[] } } } };
          };
        }
      >
    )['/v1/orders'];
    expect(placeOrder?.post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['customerId', 'currency', 'lines']),
    );
  });

  it('documents the Location every command answers with: GET /v1/commands/{context}/{commandId}', async () => {
    const taken = await post(`${services.inventory}/v1/inventory/products`, {
      sku: sku(),
      name: 'Jug',
    });
    expect(taken.status).toBe(202);
    const location = String(taken.headers.get('location'));
    const document = (await get(`${services.inventory}/openapi.json`)).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; schema: unknown }[] }>>;
    };
    const template = Object.keys(document.paths).find((path) =>
      new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`).test(location),
    );
    expect(template).toBe('/v1/commands/{context}/{commandId}');
    const operation = document.paths[template ?? '']?.get;
    expect(operation?.parameters?.find((p) => p.name === 'context')?.schema).toEqual({
      type: 'string',
      enum: ['inventory'],
    });
  });

  it('answers /healthz and /readyz', async () => {
    expect((await get(`${services.payments}/healthz`)).body).toMatchObject({
      status: 'ok',
      service: 'payments-commands',
    });
    expect((await get(`${services.payments}/readyz`)).status).toBe(200);
  });
});
