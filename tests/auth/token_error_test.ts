import assert from "node:assert/strict";
import { oauthClient, tokenError } from "../../src/auth/access.ts";
import type { ClientSecret } from "../../src/auth/client_secret.ts";
import { FatalIoError, UnreachableError } from "../../src/errors.ts";
import { writeToken } from "../../src/auth/token_store.ts";

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

Deno.test("token: a token that cannot be saved (a failing disk) is one line naming the file", async () => {
  // Creating a folder under `/dev/null` fails with ENOTDIR, as an injected fault did.
  const configDir = "/dev/null/gphotos-nas";
  await assert.rejects(
    () => writeToken(configDir, { refresh_token: "secret-refresh-token" }),
    (error: unknown) => {
      assert.ok(error instanceof FatalIoError, String(error));
      assert.match(
        error.message,
        /^Cannot save the token in \/dev\/null\/gphotos-nas\/token\.json: .*; check the disk/,
      );
      assert.doesNotMatch(error.message, /secret-refresh-token/);
      return true;
    },
  );
});
