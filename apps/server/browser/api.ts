import { baseUrl } from "./pages.js";

// Direct calls to the product's tRPC endpoint, for test set-up a browser step does not need to show.

export async function apiLogin(mobile: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl()}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mobile, password }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!res.ok || !cookie) throw new Error(`login ${mobile} failed: ${res.status}`);
  return cookie;
}

export async function apiQuery<T>(cookie: string, path: string, input?: unknown): Promise<T> {
  const q = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(`${baseUrl()}/trpc/${path}${q}`, { headers: { cookie } });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${path}: ${body.error?.message}`);
  return body.result.data;
}

export async function apiMutate<T>(cookie: string, path: string, input?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl()}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: input === undefined ? "" : JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${path}: ${body.error?.message}`);
  return body.result.data;
}
