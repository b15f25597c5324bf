import { z } from 'zod';
import { versionEtag, type KeyedDocument } from '../keyed-document.ts';
import { ProblemError } from '../problem.ts';
import { readRoute } from '../read-route.ts';

interface StockLevelView {
  readonly sku: string;
  readonly name: string;
  readonly total: number;
  readonly reserved: number;
  readonly available: number;
}

export const stockLevelRoute = readRoute({
  operationId: 'getStockLevel',
  summary: "A product's stock: total, reserved and available units",
  path: '/v1/inventory/:sku',
  params: z.object({ sku: z.string().min(1).max(512) }),
  query: z.object({}),
  projections: ['stock-levels'],
  notFoundCode: 'PRODUCT_NOT_FOUND',
  read: async ({ params, stores }) => {
    const document = await stores.mongo
      .collection<KeyedDocument<StockLevelView>>(
        stores.targets.collection('stock-levels', 'stock_levels'),
      )
      .findOne({ _id: params.sku });
    if (!document) throw new ProblemError('PRODUCT_NOT_FOUND', `no product ${params.sku}`);
    const { sku, name, total, reserved, available } = document.view;
    return {
      body: { sku, name, total, reserved, available, version: document.version },
      etag: versionEtag(document.version),
    };
  },
});
