/**
 * @module Errors raised while building the Tripline deployment.
 */
import { TriplineError } from '#core/errors.ts';

/** `tripline.config.json` is missing, unreadable or breaks a rule. */
export class DeployConfigError extends TriplineError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeployConfigError';
  }
}
