/** Turns the OpenAPI document into a Postman v2.1 collection that runs the main flow in order. */

type Json = Record<string, unknown>;
type Parameter = { name: string; in: string; required?: boolean; description?: string; example?: unknown };
type Operation = {
  operationId: string; summary: string; description?: string; tags: string[]; parameters?: Parameter[];
  security?: unknown[]; 'x-required-role'?: string; requestBody?: unknown; responses: Record<string, unknown>;
};
type Doc = { info: { title: string; description?: string }; tags?: { name: string; description?: string }[]; paths: Record<string, Record<string, Operation>> };

export const COLLECTION_FILE = 'Postman_Collection.json';

/**
 * Defaults match the quick start on port 3000. `adminPassword` is `.env.example`'s commented example:
 * the demo admin's password is random, printed by the banner; give it with `--env-var adminPassword=…`.
 */
const VARIABLES: readonly (readonly [string, string, string])[] = [
  ['baseUrl', 'http://localhost:3000', 'Where the service listens'],
  ['adminEmail', 'admin@example.com', 'ADMIN_EMAIL of the service'],
  ['adminPassword', 'change-me-please-123', "ADMIN_PASSWORD of the service; the demo admin's is printed at startup"],
  ['customerName', 'Ada Lovelace', ''],
  ['customerEmail', 'customer@example.com', 'Set afresh by "Register" on every run'],
  ['customerPassword', 'correct horse battery', ''],
  ['accessToken', '', 'Set by "Register", "Log in" and "Refresh the session"; the bearer token of every customer request'],
  ['refreshToken', '', 'Set with accessToken; "Refresh the session" trades it for a new pair'],
  ['resetToken', '', 'Paste the token of a reset link here to run "Set a new password with the reset link" (skipped while empty)'],
  ['closingAccessToken', '', 'Set by "Register an account to close"'],
  ['adminAccessToken', '', 'Set by "Log in as admin"'],
  ['productId', '', 'Set by "List products" (the newest product)'],
  ['orderId', '', 'Set by "Place an order"'],
  ['archivedProductId', '', 'Set by "Archive a product (admin)", which adds the product it archives'],
  ['refundOrderId', '', 'Set by "Place an order to refund"'],
  ['refundCheckoutUrl', '', 'Set by "Place an order to refund"; pay it before "Refund the order (admin)"'],
  ['messageId', '', 'Set by "The outbox (admin)" to a dead message, if there is one; "Send a message again (admin)" is skipped without'],
  ['shippingOptionId', '', 'Set by "Add a shipping option (admin)"; archived again at the end, so orders of later runs are not offered it'],
  ['shipOrderId', '', 'Set by "Ship an order (admin)", which places (and on the local checkout pays) an order with that option first'],
];

/** Requests the collection leaves out: Stripe signs the webhook, and the docs page is for browsers. */
const LEFT_OUT = new Set(['stripeWebhook', 'getDocs']);

/** `bearer`: the collection variable holding the token this step sends, instead of the customer's `accessToken`. */
type Step = Readonly<{ operationId: string; name?: string; body?: Json; query?: Readonly<Record<string, string>>; tests?: string[]; prerequest?: string[]; bearer?: string }>;

const keepTokens = [
  "pm.collectionVariables.set('accessToken', pm.response.json().access_token);",
  "pm.collectionVariables.set('refreshToken', pm.response.json().refresh_token);",
];

/** The flow a newcomer runs top to bottom; operations not listed here follow, in document order. */
const FLOW: readonly Step[] = [
  { operationId: 'healthLive' },
  { operationId: 'healthReady' },
  {
    operationId: 'register', name: 'Register',
    prerequest: ["pm.collectionVariables.set('customerEmail', 'customer-' + Date.now() + '@example.com');"],
    body: { name: '{{customerName}}', email: '{{customerEmail}}', password: '{{customerPassword}}' },
    tests: keepTokens,
  },
  {
    operationId: 'login', name: 'Log in',
    body: { email: '{{customerEmail}}', password: '{{customerPassword}}' },
    tests: keepTokens,
  },
  {
    operationId: 'getProfile', name: 'Profile',
    tests: ["pm.test('is the registered customer', () => pm.expect(pm.response.json().email).to.eql(pm.collectionVariables.get('customerEmail')));"],
  },
  {
    operationId: 'refreshSession', name: 'Refresh the session',
    body: { refresh_token: '{{refreshToken}}' },
    tests: keepTokens,
  },
  { operationId: 'updateProfile', name: 'Change the name', body: { name: '{{customerName}}' } },
  {
    operationId: 'requestPasswordReset', name: 'Ask for a password reset link',
    body: { email: '{{customerEmail}}' },
  },
  {
    operationId: 'confirmPasswordReset', name: 'Set a new password with the reset link',
    // The token arrives by email only: paste it into {{resetToken}} to run this step.
    prerequest: ["if (!pm.collectionVariables.get('resetToken')) pm.execution.skipRequest();"],
    body: { token: '{{resetToken}}', password: '{{customerPassword}}' },
    tests: [...keepTokens, "pm.collectionVariables.set('resetToken', '');"],
  },
  {
    operationId: 'changePassword', name: 'Change the password (the other sessions end)',
    body: { currentPassword: '{{customerPassword}}', newPassword: '{{customerPassword}}' },
  },
  { operationId: 'logOut', name: 'Log out' },
  { operationId: 'login', name: 'Log in again', body: { email: '{{customerEmail}}', password: '{{customerPassword}}' }, tests: keepTokens },
  { operationId: 'logOutEverywhere', name: 'Log out everywhere' },
  { operationId: 'login', name: 'Log in once more', body: { email: '{{customerEmail}}', password: '{{customerPassword}}' }, tests: keepTokens },
  {
    operationId: 'register', name: 'Register an account to close',
    body: { name: 'Leaving Soon', email: 'leaving-{{$timestamp}}-{{$randomInt}}@example.com', password: '{{customerPassword}}' },
    tests: ["pm.collectionVariables.set('closingAccessToken', pm.response.json().access_token);"],
  },
  { operationId: 'closeAccount', name: 'Close that account', bearer: 'closingAccessToken', body: { password: '{{customerPassword}}' } },
  {
    operationId: 'login', name: 'Log in as admin',
    body: { email: '{{adminEmail}}', password: '{{adminPassword}}' },
    tests: [
      "pm.test('is an admin', () => pm.expect(pm.response.json().user.role).to.eql('admin'));",
      "pm.collectionVariables.set('adminAccessToken', pm.response.json().access_token);",
    ],
  },
  {
    operationId: 'createProduct', name: 'Add a product (admin)',
    body: { name: 'Espresso cup', description: 'Stoneware, 90 ml.', category: 'kitchen', unitAmount: 1299, currency: 'usd' },
  },
  {
    operationId: 'listProducts', name: 'List products',
    tests: [
      'const products = pm.response.json();',
      "pm.test('lists at least one product', () => pm.expect(products.length).to.be.above(0));",
      "if (products.length > 0) pm.collectionVariables.set('productId', products[0].id);",
    ],
  },
  { operationId: 'getProduct', name: 'Get the product' },
  {
    operationId: 'createOrder', name: 'Place an order',
    body: { items: [{ productId: '{{productId}}', quantity: 2 }] },
    tests: [
      'const created = pm.response.json();',
      "pm.test('is pending, with a checkout URL', () => { pm.expect(created.order.status).to.eql('pending'); pm.expect(created.checkoutUrl).to.be.a('string'); });",
      "pm.collectionVariables.set('orderId', created.order.id);",
    ],
  },
  { operationId: 'listOrders', name: 'My orders' },
  { operationId: 'getOrder', name: 'Get the order' },
  {
    operationId: 'updateProduct', name: 'Change the product (admin)',
    body: { unitAmount: 1499, stock: 25, imageUrl: 'https://images.example.com/espresso-cup.jpg' },
    tests: ["pm.test('shows the stock to the admin', () => pm.expect(pm.response.json().stock).to.eql(25));"],
  },
  { operationId: 'listProductsForAdmin', name: 'All products, with stock (admin)' },
  {
    // Folders run by tag, before the order is placed: archive a product of its own, not {{productId}}.
    operationId: 'archiveProduct', name: 'Archive a product (admin)',
    prerequest: [
      "pm.sendRequest({ url: pm.variables.get('baseUrl') + '/api/products', method: 'POST',",
      "  header: { Authorization: 'Bearer ' + pm.collectionVariables.get('adminAccessToken'), 'Content-Type': 'application/json' },",
      "  body: { mode: 'raw', raw: JSON.stringify({ name: 'Discontinued mug', unitAmount: 500 }) } },",
      "  (err, res) => pm.collectionVariables.set('archivedProductId', res.json().id));",
    ],
  },
  {
    operationId: 'cancelOrder', name: 'Cancel the order',
    tests: ["pm.test('is cancelled', () => pm.expect(pm.response.json().status).to.eql('cancelled'));"],
  },
  {
    operationId: 'createOrder', name: 'Place an order to refund',
    body: { items: [{ productId: '{{productId}}', quantity: 1 }] },
    tests: [
      'const created = pm.response.json();',
      "pm.collectionVariables.set('refundOrderId', created.order.id);",
      "pm.collectionVariables.set('refundCheckoutUrl', created.checkoutUrl);",
    ],
  },
  {
    operationId: 'listAllOrders', name: 'All orders (admin)',
    tests: ["pm.test('shows each order with its customer', () => pm.expect(pm.response.json()[0].customer.email).to.be.a('string'));"],
  },
  { operationId: 'getAnyOrder', name: 'Any order (admin)' },
  {
    operationId: 'refundOrder', name: 'Refund the order (admin)',
    body: { restock: true },
    // Only a paid order can be refunded. The embedded mode's checkout page is paid here as a customer
    // would click Pay; with Stripe, pay {{refundCheckoutUrl}} in a browser (card 4242 4242 4242 4242) first.
    prerequest: [
      "const checkoutUrl = pm.collectionVariables.get('refundCheckoutUrl') || '';",
      "if (checkoutUrl.includes('/checkout/local/')) pm.sendRequest({ url: checkoutUrl + '/pay', method: 'POST' }, () => {});",
    ],
    tests: ["pm.test('is refunded', () => pm.expect(pm.response.json().status).to.eql('refunded'));"],
  },
  {
    operationId: 'getOrderHistory', name: "The refunded order's history (admin)",
    tests: ["pm.test('ends with the refund', () => pm.expect(pm.response.json().map((e) => e.type)).to.include('refunded'));"],
  },
  {
    operationId: 'listOutbox', name: 'The outbox (admin)',
    tests: [
      'const messages = pm.response.json();',
      "pm.test('lists messages with their status', () => messages.forEach((m) => pm.expect(['pending', 'sent', 'dead']).to.include(m.status)));",
      "const dead = messages.find((m) => m.status === 'dead');",
      "pm.collectionVariables.set('messageId', dead ? dead.id : '');",
    ],
  },
  {
    // Only a message that was given up on is worth sending again; a healthy shop has none.
    operationId: 'retryMessage', name: 'Send a message again (admin)',
    prerequest: ["if (!pm.collectionVariables.get('messageId')) pm.execution.skipRequest();"],
    tests: ["pm.test('is pending again', () => pm.expect(pm.response.json().status).to.eql('pending'));"],
  },
  // Last, and archived again at the end: while an option is active, new orders in its currency get a shipping step.
  {
    operationId: 'createShippingOption', name: 'Add a shipping option (admin)',
    body: { name: 'Standard', unitAmount: 495, currency: 'usd', countries: ['US', 'CA'], freeOverAmount: 5000, minDays: 3, maxDays: 5 },
    tests: ["pm.collectionVariables.set('shippingOptionId', pm.response.json().id);"],
  },
  {
    operationId: 'listShippingOptions', name: 'Shipping options on offer', query: { currency: 'usd' },
    tests: ["pm.test('includes the new option', () => pm.expect(pm.response.json().map((o) => o.id)).to.include(pm.collectionVariables.get('shippingOptionId')));"],
  },
  { operationId: 'listShippingOptionsForAdmin', name: 'All shipping options (admin)' },
  {
    operationId: 'updateShippingOption', name: 'Change the shipping option (admin)',
    body: { unitAmount: 595, maxDays: 6 },
    tests: ["pm.test('costs 5.95 now', () => pm.expect(pm.response.json().unitAmount).to.eql(595));"],
  },
  {
    // Places an order with the option chosen, and pays it on the local checkout page with an address
    // (with Stripe, pay it in a browser first, or the shipment answers 409).
    operationId: 'shipOrder', name: 'Ship an order (admin)',
    body: { carrier: 'UPS', trackingNumber: '1Z999AA10123456784', trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784', notifyCustomer: true },
    prerequest: [
      "pm.sendRequest({ url: pm.variables.get('baseUrl') + '/api/orders', method: 'POST',",
      "  header: { Authorization: 'Bearer ' + pm.collectionVariables.get('accessToken'), 'Content-Type': 'application/json' },",
      "  body: { mode: 'raw', raw: JSON.stringify({ productId: pm.collectionVariables.get('productId'), shippingOptionId: pm.collectionVariables.get('shippingOptionId') }) } },",
      '  (err, res) => {',
      '    const created = res.json();',
      "    pm.collectionVariables.set('shipOrderId', created.order.id);",
      "    if (!created.checkoutUrl.includes('/checkout/local/')) return;",
      "    const address = { shippingOptionId: pm.collectionVariables.get('shippingOptionId'), name: 'Ada Lovelace', line1: '1 Main Street', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' };",
      "    pm.sendRequest({ url: created.checkoutUrl + '/pay', method: 'POST',",
      "      body: { mode: 'urlencoded', urlencoded: Object.entries(address).map(([key, value]) => ({ key, value })) } }, () => {});",
      '  });',
    ],
    tests: ["pm.test('is shipped', () => pm.expect(pm.response.json().fulfillment.status).to.eql('shipped'));"],
  },
  {
    operationId: 'listAllOrders', name: 'Orders to ship (admin)', query: { fulfillment: 'unfulfilled' },
    tests: ["pm.test('is the to-ship queue', () => pm.expect(pm.response.json().every((o) => o.fulfillment.status === 'unfulfilled')).to.eql(true));"],
  },
  {
    operationId: 'markDelivered', name: 'Mark the order delivered (admin)',
    tests: ["pm.test('is delivered', () => pm.expect(pm.response.json().fulfillment.status).to.eql('delivered'));"],
  },
  { operationId: 'archiveShippingOption', name: 'Archive the shipping option (admin)' },
];

const PATH_VARIABLES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  getProduct: { id: '{{productId}}' },
  updateProduct: { id: '{{productId}}' },
  archiveProduct: { id: '{{archivedProductId}}' },
  getOrder: { id: '{{orderId}}' },
  cancelOrder: { id: '{{orderId}}' },
  getAnyOrder: { id: '{{orderId}}' },
  refundOrder: { id: '{{refundOrderId}}' },
  getOrderHistory: { id: '{{refundOrderId}}' },
  retryMessage: { id: '{{messageId}}' },
  updateShippingOption: { id: '{{shippingOptionId}}' },
  archiveShippingOption: { id: '{{shippingOptionId}}' },
  shipOrder: { id: '{{shipOrderId}}' },
  markDelivered: { id: '{{shipOrderId}}' },
};

const HEADER_VALUES: Readonly<Record<string, string>> = { 'Idempotency-Key': '{{$guid}}' };

const script = (listen: 'test' | 'prerequest', exec: string[]) => ({ listen, script: { type: 'text/javascript', exec } });

function request(path: string, method: string, op: Operation, step: Step): Json {
  const successStatus = Object.keys(op.responses).map(Number).filter((s) => s >= 200 && s < 300).sort()[0] ?? 200;
  const params = op.parameters ?? [];
  const segments = path.split('/').filter(Boolean).map((s) => s.replace(/^\{(.+)\}$/, ':$1'));
  const url: Json = {
    raw: `{{baseUrl}}/${segments.join('/')}`,
    host: ['{{baseUrl}}'],
    path: segments,
  };
  const query = params.filter((p) => p.in === 'query');
  if (query.length > 0) {
    url['query'] = query.map((p) => {
      const given = step.query?.[p.name];
      return { key: p.name, value: given ?? (p.example === undefined ? '' : String(p.example)), disabled: given === undefined, description: p.description ?? '' };
    });
    const enabled = query.filter((p) => step.query?.[p.name] !== undefined).map((p) => `${p.name}=${step.query![p.name]}`);
    if (enabled.length > 0) url['raw'] = `${String(url['raw'])}?${enabled.join('&')}`;
  }
  const pathParams = params.filter((p) => p.in === 'path');
  if (pathParams.length > 0) {
    url['variable'] = pathParams.map((p) => ({ key: p.name, value: PATH_VARIABLES[op.operationId]?.[p.name] ?? '', description: p.description ?? '' }));
  }
  const header = params.filter((p) => p.in === 'header').map((p) => ({
    key: p.name, value: HEADER_VALUES[p.name] ?? String(p.example ?? ''), description: p.description ?? '', ...(p.required ? {} : { disabled: !(p.name in HEADER_VALUES) }),
  }));
  if (op.requestBody) header.unshift({ key: 'Content-Type', value: 'application/json', description: '' });
  const auth = !op.security ? { type: 'noauth' }
    : step.bearer ? { type: 'bearer', bearer: [{ key: 'token', value: `{{${step.bearer}}}`, type: 'string' }] }
    : op['x-required-role'] === 'admin' ? { type: 'bearer', bearer: [{ key: 'token', value: '{{adminAccessToken}}', type: 'string' }] }
      : undefined; // inherits the collection's customer token

  return {
    name: step.name ?? op.summary,
    event: [
      ...(step.prerequest ? [script('prerequest', step.prerequest)] : []),
      script('test', [`pm.test('status is ${successStatus}', () => pm.response.to.have.status(${successStatus}));`, ...(step.tests ?? [])]),
    ],
    request: {
      method: method.toUpperCase(),
      ...(auth && { auth }),
      header,
      ...(op.requestBody !== undefined && {
        body: { mode: 'raw', raw: JSON.stringify(step.body ?? {}, null, 2), options: { raw: { language: 'json' } } },
      }),
      url,
      description: [op.summary, op.description].filter(Boolean).join('\n\n'),
    },
  };
}

export function postmanCollection(doc: Doc): Json {
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })));
  const byId = new Map(operations.map((o) => [o.op.operationId, o]));
  const steps: Step[] = [
    ...FLOW.filter((s) => byId.has(s.operationId)),
    ...operations.filter(({ op }) => !FLOW.some((s) => s.operationId === op.operationId)).map(({ op }) => ({ operationId: op.operationId })),
  ].filter((s) => !LEFT_OUT.has(s.operationId));

  const folders = new Map<string, Json[]>();
  for (const step of steps) {
    const { path, method, op } = byId.get(step.operationId)!;
    const tag = op.tags[0] ?? 'Other';
    if (!folders.has(tag)) folders.set(tag, []);
    folders.get(tag)!.push(request(path, method, op, step));
  }

  return {
    info: {
      name: doc.info.title,
      description: `${doc.info.description ?? ''}\n\nGenerated from the OpenAPI document by \`npm run postman:generate\`; do not edit by hand. `
        + 'Run the folders in order: Register and Log in store the bearer token the other requests use.',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{accessToken}}', type: 'string' }] },
    variable: VARIABLES.map(([key, value, description]) => ({ key, value, type: 'string', ...(description && { description }) })),
    item: [...folders].map(([name, item]) => ({
      name, description: doc.tags?.find((t) => t.name === name)?.description ?? '', item,
    })),
  };
}

export const collectionJson = (doc: unknown) => `${JSON.stringify(postmanCollection(doc as Doc), null, 2)}\n`;
