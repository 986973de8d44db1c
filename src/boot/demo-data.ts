import { randomBytes } from 'node:crypto';
import type { Actor } from '../application/shared/actor.js';
import type { EnsureAdmin } from '../application/accounts/ensure-admin.js';
import type { CreateProduct } from '../application/catalogue/create-product.js';
import type { Users } from '../application/ports/users.js';

export const DEMO_ADMIN_EMAIL = 'admin@example.com';

const PRODUCTS = [
  { name: 'Espresso cup', description: 'Stoneware, 90 ml.', category: 'kitchen', unitAmount: 1299 },
  { name: 'Pour-over kettle', description: 'Gooseneck spout, 1 l.', category: 'kitchen', unitAmount: 4500 },
  { name: 'Canvas tote', description: 'Heavy cotton, natural.', category: 'bags', unitAmount: 1899 },
  { name: 'Notebook', description: 'A5, dotted, 192 pages.', category: 'paper', unitAmount: 1050 },
];

/**
 * The embedded mode's first run: a demo admin with a fresh random password and a few products,
 * so the API can be tried at once. Returns the admin's credentials to print once.
 */
export async function seedDemoData(deps: { ensureAdmin: EnsureAdmin; createProduct: CreateProduct; users: Users }) {
  const password = randomBytes(12).toString('base64url');
  await deps.ensureAdmin.execute({ email: DEMO_ADMIN_EMAIL, password, name: 'Demo admin' });
  const admin = await deps.users.byEmail(DEMO_ADMIN_EMAIL);
  const actor: Actor = { userId: admin!.id, role: 'admin' };
  for (const product of PRODUCTS) await deps.createProduct.execute(actor, { ...product, currency: 'usd' });
  return { email: DEMO_ADMIN_EMAIL, password };
}
