import type { Money } from './money.js';

export type Product = Readonly<{
  id: string;
  name: string;
  description: string;
  category: string | null;
  price: Money;
  active: boolean;
  createdAt: Date;
}>;
