import { randomBytes } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { OctopusErrorBody } from '@stepwise/core/octopus/apiResources';

/**
 * Errors in Octopus's shape (`{ErrorMessage, Errors[]}`; OctopusErrorsContract), so the official
 * clients fold them into their messages as they do for a real server: api-client 3.11 shows
 * `ErrorMessage` followed by each of `Errors` on its own line.
 */
export type { OctopusErrorBody };

export const MESSAGES = {
  badRequest: 'There was a problem with your request.',
  notFound: 'The resource you requested was not found.',
  unauthorized:
    'You must be logged in to perform this action. Send your API key in the X-Octopus-ApiKey header (or as Authorization: Bearer).',
  invalidKey:
    'Either your API key is invalid, or your account has been disabled. Please contact your Octopus administrator.',
  conflict: 'There was a problem with your request.',
  server: 'The Stepwise server could not complete this request.',
} as const;

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorMessage: string,
    readonly errors: string[] = [],
  ) {
    super(errors.length ? `${errorMessage} ${errors.join(' ')}` : errorMessage);
  }

  body(): OctopusErrorBody {
    return { ErrorMessage: this.errorMessage, Errors: this.errors };
  }
}

/** 400 with one or more plain-words reasons. */
export function badRequest(...errors: string[]): ApiError {
  return new ApiError(400, MESSAGES.badRequest, errors);
}

export function notFound(what: string): ApiError {
  return new ApiError(404, MESSAGES.notFound, [what]);
}

export function conflict(...errors: string[]): ApiError {
  return new ApiError(409, MESSAGES.conflict, errors);
}

/** Maps anything thrown in a route to an Octopus error body. Unexpected errors are 500s and logged. */
export function handleError(
  error: FastifyError | ApiError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (error instanceof ApiError) {
    void reply.status(error.statusCode).send(error.body());
    return;
  }
  const code = (error as FastifyError).code;
  const status = (error as FastifyError).statusCode;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      // The issue asks for bad input, an oversized body included, to be a 400 with Octopus's body.
      void reply
        .status(400)
        .send(
          badRequest(
            `The request body is larger than the ${request.routeOptions.bodyLimit ?? 'configured'} bytes this route accepts.`,
          ).body(),
        );
      return;
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      void reply.status(400).send(badRequest('The request body is empty; send a JSON object.').body());
      return;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      void reply
        .status(415)
        .send(
          new ApiError(415, MESSAGES.badRequest, [
            `Content-Type '${request.headers['content-type'] ?? ''}' is not accepted here; send application/json.`,
          ]).body(),
        );
      return;
  }
  if (status && status >= 400 && status < 500) {
    void reply.status(status).send(new ApiError(status, MESSAGES.badRequest, [error.message]).body());
    return;
  }
  // One line on stderr, with an id the client also gets; no stack, query string or body (they
  // may hold secrets), and no server paths in the answer.
  const id = randomBytes(4).toString('hex');
  const name = `${error.name}${code ? ` (${code})` : ''}`;
  process.stderr.write(
    `[${new Date().toISOString()}] 500 ${request.method} ${request.url.split('?')[0]} error ${id}: ${name}: ${oneLine(error.message)}\n`,
  );
  void reply.status(500).send({
    ErrorMessage: MESSAGES.server,
    Errors: [`An unexpected error (${name}) stopped this request. The server logged it as error ${id}.`],
  });
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
