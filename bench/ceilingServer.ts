// The ceiling for the deployment server's HTTP benchmark: Fastify on this machine answering one
// constant JSON body (the server's own `projects/all` answer, read from the file given), with
// nothing else to do. Prints `listening on URL` once it listens on a free loopback port.
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const body = JSON.parse(readFileSync(process.argv[2], 'utf8')) as unknown;
const app = Fastify({ logger: false });
app.get('/constant', async () => body);
void app.listen({ host: '127.0.0.1', port: 0 }).then((url) => console.log(`listening on ${url}`));
