/**
 * The app's pino logger, injected where a line needs structured fields (job id,
 * request id, attempt): Nest's Logger only passes a string through.
 */
export const MAILER_LOGGER = Symbol('MAILER_LOGGER');
