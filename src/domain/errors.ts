/**
 * Every failure the domain and the use cases can report. Adapters map these codes to their
 * own vocabulary (HTTP statuses, log levels); the domain never knows about transports.
 */
export type DomainErrorCode =
  | 'VALIDATION_FAILED'
  | 'EMAIL_TAKEN'
  | 'INVALID_CREDENTIALS'
  | 'WRONG_PASSWORD'
  | 'INVALID_REFRESH_TOKEN'
  | 'INVALID_RESET_TOKEN'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'USER_NOT_FOUND'
  | 'PRODUCT_NOT_FOUND'
  | 'PRODUCT_UNAVAILABLE'
  | 'OUT_OF_STOCK'
  | 'MIXED_CURRENCIES'
  | 'ORDER_NOT_FOUND'
  | 'ORDER_NOT_PAYABLE'
  | 'ORDER_NOT_CANCELLABLE'
  | 'ORDER_NOT_REFUNDABLE'
  | 'MESSAGE_NOT_FOUND'
  | 'MESSAGE_ALREADY_SENT'
  | 'REFUND_FAILED'
  | 'PAYMENT_AMOUNT_MISMATCH'
  | 'PAYMENT_PROVIDER_FAILED'
  | 'PAYMENT_PROVIDER_UNAVAILABLE'
  | 'STORAGE_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'IDEMPOTENCY_KEY_IN_USE'
  | 'EVENT_IN_PROGRESS'
  | 'SHIPPING_OPTION_NOT_FOUND'
  | 'SHIPPING_UNAVAILABLE'
  | 'SHIPPING_ADDRESS_REFUSED'
  | 'ORDER_NOT_FULFILLABLE';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  override get name(): string {
    return this.constructor.name;
  }
}

function domainError(code: DomainErrorCode) {
  return class extends DomainError {
    readonly code = code;
  };
}

/** One refused field: `field` is its path in the input (`items/3/quantity`), `detail` the rule it broke. */
export type FieldProblem = Readonly<{ field: string; detail: string }>;

/**
 * Input refused, by a schema at the edge or by a rule here: one code, `VALIDATION_FAILED`, for
 * both, so a client handles one kind of failure one way. `problems` name each field and its rule.
 */
export class InvalidInput extends domainError('VALIDATION_FAILED') {
  readonly problems: readonly FieldProblem[];
  constructor(
    message: string,
    readonly field?: string,
    problems?: readonly FieldProblem[],
  ) {
    super(message);
    this.problems = problems ?? (field === undefined ? [] : [{ field, detail: message }]);
  }
}
/** A currency not sold in, an amount not exact or out of range: refused input like any other. */
export class InvalidMoney extends InvalidInput {}
export class EmailTaken extends domainError('EMAIL_TAKEN') {
  constructor() {
    super('An account with this email already exists.');
  }
}
export class InvalidCredentials extends domainError('INVALID_CREDENTIALS') {
  constructor() {
    super('Email or password is incorrect.');
  }
}
/** A signed-in caller's password check failed (changing the password, closing the account). */
export class WrongPassword extends domainError('WRONG_PASSWORD') {
  constructor() {
    super('The password is incorrect.');
  }
}
/** Unknown, spent, ended or expired: one answer, so a caller learns nothing about which. */
export class InvalidRefreshToken extends domainError('INVALID_REFRESH_TOKEN') {
  constructor() {
    super('This refresh token is not valid; sign in again.');
  }
}
/** Unknown, used, replaced by a newer one or expired: one answer, so a caller learns nothing about which. */
export class InvalidResetToken extends domainError('INVALID_RESET_TOKEN') {
  constructor() {
    super('This password reset link is not valid; ask for a new one.');
  }
}
export class Unauthenticated extends domainError('UNAUTHENTICATED') {
  constructor(message = 'A valid bearer token is required.') {
    super(message);
  }
}
export class Forbidden extends domainError('FORBIDDEN') {
  constructor(message = 'You are not allowed to do this.') {
    super(message);
  }
}
export class UserNotFound extends domainError('USER_NOT_FOUND') {
  constructor() {
    super('User not found.');
  }
}
export class ProductNotFound extends domainError('PRODUCT_NOT_FOUND') {
  constructor() {
    super('Product not found.');
  }
}
export class ProductUnavailable extends domainError('PRODUCT_UNAVAILABLE') {
  constructor(readonly productId: string) {
    super(`Product ${productId} does not exist or is not for sale.`);
  }
}
/** Not enough units of `productId` to cover a line: `available` is what there was. */
export class OutOfStock extends domainError('OUT_OF_STOCK') {
  constructor(
    readonly productId: string,
    readonly available: number,
  ) {
    super(`Only ${available} unit(s) of product ${productId} are available.`);
  }
}
export class MixedCurrencies extends domainError('MIXED_CURRENCIES') {
  constructor() {
    super('All items of one order must be priced in the same currency.');
  }
}
export class OrderNotFound extends domainError('ORDER_NOT_FOUND') {
  constructor() {
    super('Order not found.');
  }
}
export class OrderNotPayable extends domainError('ORDER_NOT_PAYABLE') {
  constructor(orderId: string, status: string) {
    super(`Order ${orderId} is ${status} and can no longer be paid.`);
  }
}
export class OrderNotCancellable extends domainError('ORDER_NOT_CANCELLABLE') {
  constructor(orderId: string, reason: string) {
    super(`Order ${orderId} cannot be cancelled: it is ${reason}.`);
  }
}
export class OrderNotRefundable extends domainError('ORDER_NOT_REFUNDABLE') {
  constructor(orderId: string, reason: string) {
    super(`Order ${orderId} cannot be refunded: ${reason}.`);
  }
}
export class MessageNotFound extends domainError('MESSAGE_NOT_FOUND') {
  constructor() {
    super('Message not found.');
  }
}
export class MessageAlreadySent extends domainError('MESSAGE_ALREADY_SENT') {
  constructor(id: string) {
    super(`Message ${id} was sent already; there is nothing to retry.`);
  }
}
/** The payment provider reported that it could not return the money; recorded on the order. */
export class RefundFailed extends domainError('REFUND_FAILED') {}
export class PaymentAmountMismatch extends domainError('PAYMENT_AMOUNT_MISMATCH') {}
/** The payment provider answered, but with an error (bad request, declined configuration). */
export class PaymentProviderFailed extends domainError('PAYMENT_PROVIDER_FAILED') {}
/** The payment provider could not be reached in time; trying again later may work. */
export class PaymentProviderUnavailable extends domainError('PAYMENT_PROVIDER_UNAVAILABLE') {}
/** Storage could not be reached in time; trying again later may work. */
export class StorageUnavailable extends domainError('STORAGE_UNAVAILABLE') {}
export class RateLimited extends domainError('RATE_LIMITED') {
  /** `rules`: the names of the limits that refused (for counting), never an account or address. */
  constructor(readonly retryAfterSeconds: number, readonly rules: readonly string[] = []) {
    super('Too many attempts. Try again later.');
  }
}
export class IdempotencyKeyReused extends domainError('IDEMPOTENCY_KEY_REUSED') {
  constructor() {
    super('This Idempotency-Key was already used with a different request.');
  }
}
export class IdempotencyKeyInUse extends domainError('IDEMPOTENCY_KEY_IN_USE') {
  constructor() {
    super('A request with this Idempotency-Key is still being processed.');
  }
}
/** Another delivery of this provider event is being processed and may still fail: resend later. */
export class EventInProgress extends domainError('EVENT_IN_PROGRESS') {
  constructor(readonly eventId: string) {
    super(`Event ${eventId} is being processed by another delivery; send it again later.`);
  }
}
export class ShippingOptionNotFound extends domainError('SHIPPING_OPTION_NOT_FOUND') {
  constructor() {
    super('Shipping option not found.');
  }
}
/** The order cannot be shipped as asked: an option that is not offered in its currency, or none for the country. */
export class ShippingUnavailable extends domainError('SHIPPING_UNAVAILABLE') {}
/** A payment came with a shipping address (or none) that the chosen option cannot serve; recorded on the order. */
export class ShippingAddressRefused extends domainError('SHIPPING_ADDRESS_REFUSED') {}
/** The order cannot be shipped or marked delivered: not paid, nothing to ship, not shipped yet, or delivered already. */
export class OrderNotFulfillable extends domainError('ORDER_NOT_FULFILLABLE') {
  constructor(orderId: string, reason: string) {
    super(`Order ${orderId} cannot be fulfilled: ${reason}.`);
  }
}
