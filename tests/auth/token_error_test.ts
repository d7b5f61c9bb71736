import assert from "node:assert/strict";
import { oauthClient, tokenError } from "../../src/auth/access.ts";
import type { ClientSecret } from "../../src/auth/client_secret.ts";
import { UnreachableError } from "../../src/errors.ts";

function secretFor(origin: string): ClientSecret {
  return {
    clientId: "id.apps.googleusercontent.com",
    clientSecret: "secret",
    authUri: `${origin}/o/oauth2/auth`,
    tokenUri: `${origin}/token`,
  };
}

Deno.test("token endpoint: a host that accepts and never answers is named, with the wait", async () => {
  const waiting: Promise<void>[] = [];
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const { promise, resolve } = Promise.withResolvers<Response>();
    req.signal.addEventListener("abort", () => resolve(new Response(null, { status: 504 })));
    waiting.push(promise.then(() => {}));
    return promise;
  });
  const origin = `http://127.0.0.1:${server.addr.port}`;
  const client = oauthClient(secretFor(origin), undefined, 200);
  client.setCredentials({ refresh_token: "1//x" });
  const error = await client.refreshAccessToken().then(() => undefined, tokenError);
  assert.ok(error instanceof UnreachableError, String(error));
  assert.equal(error.message, `Cannot reach 127.0.0.1:${server.addr.port}: no answer within 0.2 s`);
});

Deno.test("token endpoint: a refused connection is named with its host", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  const client = oauthClient(secretFor(`http://127.0.0.1:${port}`));
  client.setCredentials({ refresh_token: "1//x" });
  const error = await client.refreshAccessToken().then(() => undefined, tokenError);
  assert.ok(error instanceof UnreachableError, String(error));
  assert.equal(error.message, `Cannot reach 127.0.0.1:${port}: connection refused`);
});
