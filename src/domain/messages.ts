import type { Money } from './money.js';

/** One line of an order as a message shows it. */
export type MessageLine = Readonly<{ name: string; quantity: number; unitAmount: number }>;

/** An order as its messages show it: a snapshot taken when the message is recorded. */
export type OrderMessageData = Readonly<{
  orderId: string;
  customerName: string;
  lines: readonly MessageLine[];
  total: Money;
}>;

/**
 * What the shop tells people: `kind` picks the template, `data` is all it shows. A new message is
 * one case here, one template (src/adapters/email/templates) and the code that records it.
 */
export type Message =
  | Readonly<{ kind: 'order-confirmation'; data: OrderMessageData }>
  | Readonly<{ kind: 'order-refunded'; data: OrderMessageData & Readonly<{ refunded: Money }> }>
  | Readonly<{ kind: 'order-shipped'; data: OrderMessageData & Readonly<{ carrier: string | null; trackingNumber: string | null; trackingUrl: string | null }> }>
  | Readonly<{ kind: 'new-paid-order'; data: OrderMessageData & Readonly<{ customerEmail: string }> }>
  | Readonly<{ kind: 'payment-issue'; data: Readonly<{ orderId: string; issue: string }> }>
  | Readonly<{ kind: 'low-stock'; data: Readonly<{ productId: string; productName: string; stock: number }> }>
  | Readonly<{ kind: 'password-reset'; data: Readonly<{ name: string; resetUrl: string; expiresInMinutes: number }> }>
  | Readonly<{ kind: 'password-changed'; data: Readonly<{ name: string }> }>;

export type MessageKind = Message['kind'];

export const MESSAGE_KINDS: readonly MessageKind[] = [
  'order-confirmation', 'order-refunded', 'order-shipped', 'new-paid-order', 'payment-issue', 'low-stock', 'password-reset', 'password-changed',
];

/**
 * The message as it is kept once sent: a secret it carried (a password-reset link) is blanked,
 * so the outbox keeps no usable token after it has done its work.
 */
export function redactSent(message: Message): Message {
  return message.kind === 'password-reset' ? { kind: message.kind, data: { ...message.data, resetUrl: '' } } : message;
}

/** The order's lines and total as messages show them. */
export function orderMessageData(
  order: Readonly<{ id: string; items: readonly MessageLine[]; total: Money }>,
  customerName: string,
): OrderMessageData {
  return {
    orderId: order.id,
    customerName,
    lines: order.items.map(({ name, quantity, unitAmount }) => ({ name, quantity, unitAmount })),
    total: order.total,
  };
}
