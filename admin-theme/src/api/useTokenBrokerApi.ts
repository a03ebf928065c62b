import { useAdminClient, useRealm } from "@keycloak/keycloak-admin-ui";
import { useMemo } from "react";

export type FieldError = { field: string; message: string };

/** A refused call: the HTTP status and, for a 400, the fields the server named. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly fields: FieldError[] = [],
  ) {
    super(fields.length ? fields.map((f) => `${f.field}: ${f.message}`).join("; ") : `${error} (HTTP ${status})`);
  }
}

export type TokenBrokerApi = ReturnType<typeof createApi>;

export type Answer<T> = { body: T; headers: Headers };

function createApi(baseUrl: string, realm: string, token: () => Promise<string | undefined>) {
  const root = `${baseUrl.replace(/\/+$/, "")}/admin/realms/${encodeURIComponent(realm)}/token-broker`;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await exchange<T>(method, path, body)).body;
  }

  // The console is loaded from the admin URL these calls go to (adminBaseUrl), so they are same-origin
  // and every response header is readable; across origins Keycloak's admin CORS exposes only Location.
  async function exchange<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const response = await fetch(root + path, {
      method,
      headers: {
        Authorization: `Bearer ${await token()}`,
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const refusal = (json && typeof json === "object" ? json : {}) as { error?: unknown; fields?: unknown };
      const error = typeof refusal.error === "string" && refusal.error ? refusal.error : "request refused";
      const fields = Array.isArray(refusal.fields) ? (refusal.fields as FieldError[]) : [];
      throw new ApiError(response.status, error, fields);
    }
    return { body: json as T, headers: response.headers };
  }

  return {
    get: <T>(path: string) => call<T>("GET", path),
    /** A GET whose answer also speaks through its headers (the audit search's truncation flag). */
    getWithHeaders: <T>(path: string) => exchange<T>("GET", path),
    post: <T>(path: string, body: unknown) => call<T>("POST", path, body),
    put: <T>(path: string, body: unknown) => call<T>("PUT", path, body),
    del: (path: string) => call<void>("DELETE", path),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Our admin REST extension, called with the signed-in admin's token, so Keycloak's permissions apply. */
export function useTokenBrokerApi(): TokenBrokerApi {
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  return useMemo(
    () => createApi(adminClient.baseUrl, realm, () => adminClient.getAccessToken()),
    [adminClient, realm],
  );
}

/** Field errors of a refused save, by field name (a 400 names each bad field). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(error.fields.map((f) => [f.field, f.message]));
}
