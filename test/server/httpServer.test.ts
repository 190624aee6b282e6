/** The HTTP server answers what nothing serves, and any unhandled error, with a bare status: no stack, no path, no library name. */
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp, listen } from '../../src/server/httpServer.ts';

let server: Awaited<ReturnType<typeof listen>> | undefined;
afterEach(async () => {
  await server?.close();
});

async function serve(): Promise<string> {
  const app = createHttpApp();
  app.get('/broken', () => {
    throw new Error('secret detail at /work/main/src/somewhere.ts');
  });
  app.post('/json', (await import('express')).default.json({ limit: '1kb' }), (_req, res) => void res.status(204).end());
  server = await listen(app, 0, '127.0.0.1');
  return `http://127.0.0.1:${server.port}`;
}

describe('bare answers', () => {
  it.each([
    ['a path nothing serves', '/nothing-here', undefined, 404],
    ['a route that throws', '/broken', undefined, 500],
    ['malformed JSON', '/json', '{"a":', 400],
    ['a body over its limit', '/json', JSON.stringify({ a: 'x'.repeat(5000) }), 413],
  ])('for %s: status %s with an empty body', async (_name, path, body, status) => {
    const root = await serve();
    const response = await fetch(`${root}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(status);
    expect(await response.text()).toBe('');
  });

  it('still serves /healthz', async () => {
    const root = await serve();
    const response = await fetch(`${root}/healthz`);
    expect(await response.json()).toEqual({ ok: true });
  });
});
