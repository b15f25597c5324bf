import { z } from 'zod';
import { versionEtag, type KeyedDocument } from '../keyed-document.ts';
import { ProblemError } from '../problem.ts';
import { readRoute } from '../read-route.ts';

interface OrderDetailsView {
  readonly orderId: string;
  readonly [field: string]: unknown;
}

export const orderDetailsRoute = readRoute({
  operationId: 'getOrder',
  summary: 'The order with its lines, status and saga timeline',
  path: '/v1/orders/:orderId',
  params: z.object({ orderId: z.string().min(1).max(512) }),
  query: z.object({}),
  projections: ['order-details'],
  notFoundCode: 'ORDER_NOT_FOUND',
  read: async ({ params, stores }) => {
    const document = await stores.mongo
      .collection<KeyedDocument<OrderDetailsView>>(
        stores.targets.collection('order-details', 'order_details'),
      )
      .findOne({ _id: params.orderId });
    if (!document) throw new ProblemError('ORDER_NOT_FOUND', `no order ${params.orderId}`);
    return {
      body: { ...document.view, version: document.version, updatedAt: document.updatedAt },
      etag: versionEtag(document.version),
    };
  },
});
