/**
 * @module Errors raised by the local loop: missing prerequisites and
 * services that do not come up.
 */

import { TriplineError } from '#core/errors.ts';

/** Base class of every error the local loop raises. */
export class LocalLoopError extends TriplineError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalLoopError';
  }
}

/** A program the local loop needs (Java, Maven, Python) is not installed. */
export class PrerequisiteError extends LocalLoopError {
  readonly command: string;

  constructor(command: string, install: string, options?: ErrorOptions) {
    super(
      `${command} is required but was not found on PATH; ${install}`,
      options
    );
    this.name = 'PrerequisiteError';
    this.command = command;
  }
}

/** A local service did not start or did not answer in time. */
export class ServiceStartError extends LocalLoopError {
  readonly service: string;

  constructor(service: string, message: string, options?: ErrorOptions) {
    super(`${service}: ${message}`, options);
    this.name = 'ServiceStartError';
    this.service = service;
  }
}
