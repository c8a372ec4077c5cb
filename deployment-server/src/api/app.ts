import Fastify, { type FastifyInstance } from 'fastify';
import { authHook } from '../auth';
import { ApiError, badRequest, handleError, MESSAGES } from '../errors';
import type { ApiContext } from './context';
import { infrastructureRoutes } from './routes/infrastructure';
import { interruptionRoutes } from './routes/interruptions';
import { packageRoutes } from './routes/packages';
import { projectRoutes } from './routes/projects';
import { releaseRoutes } from './routes/releases';
import { rootRoutes } from './routes/root';
import { taskRoutes } from './routes/tasks';

/**
 * The HTTP API: Octopus's routes and shapes (contract.md). Space-scoped routes answer at
 * `/api/{spaceId}/…`, at `/api/spaces/{spaceId}/…` and, for the default space, at `/api/…`.
 */
export function buildApp(ctx: ApiContext, apiKey: string): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: ctx.limits.jsonBodyBytes,
    routerOptions: { maxParamLength: 1000 },
    rewriteUrl: (request) => (request.url ?? '/').replace(/^\/api\/spaces\/([^/?]+)\/(?=[^?])/i, '/api/$1/'),
  });

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

  app.addHook('onRequest', authHook(apiKey));
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
