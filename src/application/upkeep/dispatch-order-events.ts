import type { OrderEvent } from '../../domain/order-events.js';
import type { Clock, EventDelivery, OrderEventHandler, OrderEvents, PendingQuery } from '../ports/index.js';

/** A handler that threw; the event stays pending and is offered again on a later pass. */
export type HandlerFailure = Readonly<{ event: OrderEvent; handler: string; error: unknown }>;

export type DispatchResult = Readonly<{ settled: number; failed: number }>;

/**
 * Delivers stored order events to every handler, at least once: right after a move (`nudge`, from
 * the instance that won it) and from the periodic pass for whatever a crash or a failing handler
 * left pending. A handler is skipped for an event it is marked as having handled; a move is settled
 * once every handler has all of its events. Nudges that arrive during a pass are coalesced into the next.
 */
export class DispatchOrderEvents implements EventDelivery {
  private readonly waiting = new Set<string>();
  private draining: Promise<void> | null = null;

  constructor(
    private readonly events: OrderEvents,
    private readonly handlers: readonly OrderEventHandler[],
    private readonly clock: Clock,
    private readonly onFailure: (failure: HandlerFailure) => void,
    /** A pass that failed as a whole (storage unavailable): the periodic pass retries it. */
    private readonly onPassFailed: (error: unknown) => void,
  ) {}

  /** The periodic pass: moves recorded more than `olderThanMs` ago that are still pending. */
  async execute(olderThanMs: number, limit = 100): Promise<DispatchResult> {
    return this.pass({ limit, before: new Date(this.clock.now().getTime() - olderThanMs) });
  }

  nudge(orderIds: readonly string[]): void {
    for (const id of orderIds) this.waiting.add(id);
    this.draining ??= this.drain().finally(() => { this.draining = null; });
  }

  /** Resolves once the nudges so far are delivered (or failed): for shutdown and for tests. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    while (this.waiting.size > 0) {
      const orderIds = [...this.waiting];
      this.waiting.clear();
      // A move has one event today; the slack covers several moves of one order in a burst.
      await this.pass({ orderIds, limit: orderIds.length * 4 }).catch(this.onPassFailed);
    }
  }

  private async pass(query: PendingQuery): Promise<DispatchResult> {
    let settled = 0;
    let failed = 0;
    for (const move of await this.events.pending(query)) {
      const todo = move.events.flatMap((event) =>
        this.handlers.filter((h) => !move.handled.includes(`${event.id} ${h.name}`)).map((handler) => ({ event, handler })),
      );
      let complete = true;
      for (const [i, { event, handler }] of todo.entries()) {
        try {
          await handler.handle(event);
        } catch (error) {
          complete = false;
          this.onFailure({ event, handler: handler.name, error });
          continue;
        }
        // The last one needs no mark of its own when the move settles right after it.
        if (!(complete && i === todo.length - 1)) await this.events.markHandled(move.key, event.id, handler.name);
      }
      if (complete) {
        await this.events.settle(move, this.clock.now());
        settled += 1;
      } else failed += 1;
    }
    return { settled, failed };
  }
}
