import type { Message, MessageKind } from '../../../domain/messages.js';
import type { Rendered, ShopIdentity } from './layout.js';
import { lowStock } from './low-stock.js';
import { newPaidOrder } from './new-paid-order.js';
import { orderConfirmation } from './order-confirmation.js';
import { orderRefunded } from './order-refunded.js';
import { orderShipped } from './order-shipped.js';
import { passwordChanged } from './password-changed.js';
import { passwordReset } from './password-reset.js';
import { paymentIssue } from './payment-issue.js';

export type { Rendered, ShopIdentity } from './layout.js';

type Template<K extends MessageKind> = (data: Extract<Message, { kind: K }>['data'], shop: ShopIdentity) => Rendered;

/** One template per kind of message: the compiler insists a new kind gets one. */
const TEMPLATES: { readonly [K in MessageKind]: Template<K> } = {
  'order-confirmation': orderConfirmation,
  'order-refunded': orderRefunded,
  'order-shipped': orderShipped,
  'new-paid-order': newPaidOrder,
  'payment-issue': paymentIssue,
  'low-stock': lowStock,
  'password-reset': passwordReset,
  'password-changed': passwordChanged,
};

export function render(message: Message, shop: ShopIdentity): Rendered {
  return (TEMPLATES[message.kind] as Template<MessageKind>)(message.data as never, shop);
}
