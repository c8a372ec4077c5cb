import Fastify, { type FastifyInstance } from 'fastify';
import { authHook } from '../auth';
import { ApiError, badRequest, handleError, MESSAGES } from '../errors';
import type { ApiContext } from './context';
import { hostCheckHook } from './hostCheck';
import { infrastructureRoutes } from './routes/infrastructure';
import { interruptionRoutes } from './routes/interruptions';
import { packageRoutes } from './routes/packages';
import { projectRoutes } from './routes/projects';
import { releaseRoutes } from './routes/releases';
import { rootRoutes } from './routes/root';
import { taskRoutes } from './routes/tasks';

const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * The HTTP API: Octopus's routes and shapes (contract.md). Space-scoped routes answer at
 * `/api/{spaceId}/…`, at `/api/spaces/{spaceId}/…` and, for the default space, at `/api/…`.
 */
export function buildApp(ctx: ApiContext, apiKey: string, onRoute?: (method: string, url: string) => void): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: ctx.limits.jsonBodyBytes,
    routerOptions: { maxParamLength: 1000 },
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
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: ctx.limits.packageBytes }, (_request, body, done) => done(null, body));

  const hostCheck = ctx.listenHost === undefined ? undefined : hostCheckHook(ctx.listenHost);
  if (hostCheck) app.addHook('onRequest', hostCheck);
  app.addHook('onRequest', authHook(apiKey));
  // Fastify closes the connection after refusing a body, which breaks clients still sending it
  // (fetch, axios report a reset instead of the 400). Up to a bound, let Node read and drop the
  // rest of the body, so the client gets the Octopus error.
  app.addHook('onSend', async (request, reply) => {
    const length = Number(request.headers['content-length']);
    if (reply.getHeader('connection') === 'close' && Number.isFinite(length) && length <= DRAIN_LIMIT_BYTES) reply.removeHeader('connection');
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(new ApiError(404, MESSAGES.notFound, [`No route for ${request.method} ${request.url.split('?')[0]}`]).body());
  });

  rootRoutes(app, ctx);
  const spaceRoutes = async (scoped: FastifyInstance) => {
    infrastructureRoutes(scoped, ctx);
    projectRoutes(scoped, ctx);
    releaseRoutes(scoped, ctx);
    taskRoutes(scoped, ctx);
    interruptionRoutes(scoped, ctx);
    packageRoutes(scoped, ctx);
  };
  void app.register(spaceRoutes, { prefix: '/api/:spaceId' });
  void app.register(spaceRoutes, { prefix: '/api' });
  return app;
}

/** Every route the API serves (method and URL pattern), for tests and docs. */
export async function listRoutes(): Promise<{ method: string; url: string }[]> {
  const routes: { method: string; url: string }[] = [];
  const limits = { jsonBodyBytes: 1, packageBytes: 1 };
  const app = buildApp({ limits } as ApiContext, 'API-LISTINGROUTESONLY0000000000', (method, url) => routes.push({ method, url }));
  await app.ready();
  await app.close();
  return routes;
}
