export * from './errors.js';
export * from './money.js';
export * from './order.js';
export * from './product.js';
export * from './user.js';
