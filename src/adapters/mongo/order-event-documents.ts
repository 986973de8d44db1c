import type { EventActor, FulfillmentChange, OrderEvent, OrderEventType } from '../../domain/order-events.js';
import type { OrderStatus } from '../../domain/order.js';

/** An event as stored inside a transition guard. */
export type EventFields = {
  id: string;
  type: OrderEventType;
  orderId: string;
  from: OrderStatus | null;
  to: OrderStatus;
  at: Date;
  actor: { kind: EventActor['kind']; id: string };
  /** Fulfilment moves only. */
  fulfillment?: { -readonly [K in keyof FulfillmentChange]: FulfillmentChange[K] };
};

/** An event in the permanent history (`order_events`), keyed by its id. */
export type OrderEventDocument = Omit<EventFields, 'id'> & { _id: string };

export const eventFields = (e: OrderEvent): EventFields => ({
  id: e.id, type: e.type, orderId: e.orderId, from: e.from, to: e.to, at: e.at, actor: { kind: e.actor.kind, id: e.actor.id },
  ...(e.fulfillment && { fulfillment: { ...e.fulfillment } }),
});

export const fromFields = (f: EventFields): OrderEvent => ({
  id: f.id, type: f.type, orderId: f.orderId, from: f.from, to: f.to, at: f.at, actor: { kind: f.actor.kind, id: f.actor.id } as EventActor,
  ...(f.fulfillment && { fulfillment: { ...f.fulfillment } }),
});

export const historyDocument = ({ id, ...rest }: EventFields): OrderEventDocument => ({ _id: id, ...rest });

export const fromHistory = ({ _id, ...rest }: OrderEventDocument): OrderEvent => fromFields({ id: _id, ...rest });
