/** The few API calls the benchmark needs to set a service up, over plain fetch. */
export function shopClient(base: string) {
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...(token && { Authorization: `Bearer ${token}` }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${bytes.toString().slice(0, 300)}`);
    return bytes;
  };
  const json = async <T>(method: string, path: string, body?: unknown, token?: string) =>
    JSON.parse((await call(method, path, body, token)).toString()) as T;

  return {
    call,
    login: async (email: string, password: string) =>
      (await json<{ access_token: string }>('POST', '/api/auth/login', { email, password })).access_token,
    register: async (email: string, password: string) =>
      (await json<{ access_token: string }>('POST', '/api/auth/register', { name: 'Bench Customer', email, password })).access_token,
    /** Tops the catalogue up to `count` active products. */
    async ensureProducts(adminToken: string, count: number) {
      const existing = await json<unknown[]>('GET', `/api/products?limit=${count}`);
      for (let i = existing.length; i < count; i++) {
        await call('POST', '/api/products', {
          name: `Bench product ${i + 1}`, description: 'A product the benchmark created.', category: 'bench', unitAmount: 1000 + i,
        }, adminToken);
      }
    },
    placeOrder: (token: string, productId: string) =>
      json<{ order: { id: string; totalAmount: number; currency: string } }>('POST', '/api/orders', { productId, quantity: 1 }, token),
    products: (limit: number) => json<{ id: string }[]>('GET', `/api/products?limit=${limit}`),
  };
}
