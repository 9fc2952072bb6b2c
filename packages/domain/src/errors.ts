/**
 * Domain errors: small typed classes that services throw. They are mapped to tRPC codes in one
 * place (trpc.ts), so a service never knows about HTTP or tRPC. Messages are shown to users: Chinese.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: "not_found" | "forbidden" | "unauthorized" | "conflict" | "invalid" | "throttled";
}

export class NotFoundError extends DomainError {
  readonly kind = "not_found";
}

/** The caller is known but lacks the right for this unit or action. */
export class ForbiddenError extends DomainError {
  readonly kind = "forbidden";
  constructor(message = "没有权限执行此操作") {
    super(message);
  }
}

/** No (valid) session. */
export class UnauthorizedError extends DomainError {
  readonly kind = "unauthorized";
  constructor(message = "请先登录") {
    super(message);
  }
}

export class ConflictError extends DomainError {
  readonly kind = "conflict";
}

/** Input that passed the schema but breaks a rule; `field` names the form field to show it beside. */
export class ValidationError extends DomainError {
  readonly kind = "invalid";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export class ThrottledError extends DomainError {
  readonly kind = "throttled";
}

/** A state change that the object's transition function does not allow from its current state. */
export class InvalidTransitionError extends DomainError {
  readonly kind = "conflict";
}
