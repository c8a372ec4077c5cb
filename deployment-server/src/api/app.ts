import type { Duplex } from 'node:stream';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { authHook } from '../auth';
import { ApiError, badRequest, handleError, MESSAGES } from '../errors';
import type { ApiContext } from './context';
import { canonicalParams } from './ids';
import { hostCheckHook } from './hostCheck';
import { infrastructureRoutes } from './routes/infrastructure';
import { actionTemplateRoutes } from './routes/actionTemplates';
import { runbookRoutes } from './routes/runbooks';
import { interruptionRoutes } from './routes/interruptions';
import { libraryWriteRoutes } from './routes/libraryWrites';
import { packageRoutes } from './routes/packages';
import { projectRoutes } from './routes/projects';
import { releaseRoutes } from './routes/releases';
import { resourceWriteRoutes } from './routes/resourceWrites';
import { dashboardRoutes } from './routes/dashboard';
import { rootRoutes } from './routes/root';
import { taskRoutes } from './routes/tasks';
import { tenantRoutes } from './routes/tenants';
import { tenantVariableRoutes } from './routes/tenantVariables';

const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
/** Kestrel's default request-line limit (8 KB), which Octopus answers with 414. */
export const MAX_URL_LENGTH = 8192;

/**
 * Errors Node's HTTP parser finds before Fastify sees a request: headers (with the request line)
 * past Node's 16 KB limit are a 431, anything else malformed a 400, both in Octopus's shape.
 */
function clientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const reason =
    status === 431
      ? 'The request line and headers are larger than the 16 KB this server accepts.'
      : 'The request is not valid HTTP.';
  const body = JSON.stringify(new ApiError(status, MESSAGES.badRequest, [reason]).body());
  const text = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The HTTP API: Octopus's routes and shapes (contract.md). Space-scoped routes answer at
 * `/api/{spaceId}/…`, at `/api/spaces/{spaceId}/…` and, for the default space, at `/api/…`.
 */
export function buildApp(
  ctx: ApiContext,
  apiKey: string,
  onRoute?: (method: string, url: string) => void,
): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: ctx.limits.jsonBodyBytes,
    // Octopus's routes are case-insensitive (`/api/Spaces-1/DeploymentProcesses/…`); ids in the
    // path keep their case and are looked up case-insensitively where they are read.
    routerOptions: { maxParamLength: 1000, caseSensitive: false },
    clientErrorHandler: clientError,
    rewriteUrl: (request) => (request.url ?? '/').replace(/^\/api\/spaces\/([^/?]+)\/(?=[^?])/i, '/api/$1/'),
  });

  if (onRoute) {
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') onRoute(method, route.url);
    });
  }
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(badRequest(`The request body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
  // Package uploads are read as streams by their route (packages/upload.ts).
  void app.register(multipart);

  const hostCheck = ctx.listenHost === undefined ? undefined : hostCheckHook(ctx.listenHost);
  if (hostCheck) app.addHook('onRequest', hostCheck);
  app.addHook('onRequest', async (request) => {
    if ((request.raw.url ?? '').length > MAX_URL_LENGTH) {
      throw new ApiError(414, MESSAGES.badRequest, [
        `The request URL is longer than the ${MAX_URL_LENGTH} characters this server accepts.`,
      ]);
    }
  });
  app.addHook('onRequest', authHook(apiKey));
  app.addHook('preValidation', async (request) => {
    if (request.params && typeof request.params === 'object') canonicalParams(request.params as Record<string, string>);
  });
  // Fastify closes the connection after refusing a body, which breaks clients still sending it
  // (fetch, axios report a reset instead of the 400). Up to a bound, let Node read and drop the
  // rest of the body, so the client gets the Octopus error.
  app.addHook('onSend', async (request, reply) => {
    const length = Number(request.headers['content-length']);
    if (reply.getHeader('connection') === 'close' && Number.isFinite(length) && length <= DRAIN_LIMIT_BYTES)
      reply.removeHeader('connection');
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send(
        new ApiError(404, MESSAGES.notFound, [`No route for ${request.method} ${request.url.split('?')[0]}`]).body(),
      );
  });

  rootRoutes(app, ctx);
  const spaceRoutes = async (scoped: FastifyInstance) => {
    infrastructureRoutes(scoped, ctx);
    actionTemplateRoutes(scoped, ctx);
    runbookRoutes(scoped, ctx);
    projectRoutes(scoped, ctx);
    releaseRoutes(scoped, ctx);
    taskRoutes(scoped, ctx);
    interruptionRoutes(scoped, ctx);
    packageRoutes(scoped, ctx);
    resourceWriteRoutes(scoped, ctx);
    tenantRoutes(scoped, ctx);
    tenantVariableRoutes(scoped, ctx);
    dashboardRoutes(scoped, ctx);
    libraryWriteRoutes(scoped, ctx);
  };
  void app.register(spaceRoutes, { prefix: '/api/:spaceId' });
  void app.register(spaceRoutes, { prefix: '/api' });
  return app;
}

/** Every route the API serves (method and URL pattern), for tests and docs. */
export async function listRoutes(): Promise<{ method: string; url: string }[]> {
  const routes: { method: string; url: string }[] = [];
  const limits = { jsonBodyBytes: 1, packageBytes: 1 };
  const app = buildApp({ limits } as ApiContext, 'API-LISTINGROUTESONLY0000000000', (method, url) =>
    routes.push({ method, url }),
  );
  await app.ready();
  await app.close();
  return routes;
}
