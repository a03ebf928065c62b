// Shapes of the admin REST contract (docs: README "Admin console").

export type Recent = {
  exchanges: number;
  allowed: number;
  denied: number;
  errors: number;
  p50Ms: number | null;
  lastOutcome: string | null;
  lastAt: string | null;
};

export type UpstreamSummary = {
  id: string;
  alias: string;
  type: string;
  target: string;
  flow: string;
  policyEngine: string;
  /** Whose policy decides: the upstream's own settings or the realm default. */
  policySource?: string;
  recent?: Recent;
};

export type FieldKind = "string" | "text" | "boolean" | "list" | "secret" | "number";

export type FieldSpec = {
  name: string;
  label?: string;
  helpText?: string;
  kind: FieldKind;
  required?: boolean;
  defaultValue?: unknown;
  options?: string[];
  placeholder?: string;
};

export type UpstreamType = { type: string; label?: string; helpText?: string; fields: FieldSpec[] };

export type Config = Record<string, string[]>;

export type Upstream = { id?: string; alias: string; type: string; config: Config };

export type PolicySettings = { engine: string; settings: Record<string, string> };

export type AuditEntry = {
  time: string | number;
  correlationId?: string;
  outcome: string;
  error?: string;
  reason?: string;
  user?: string;
  agents?: string[];
  requestingClient?: string;
  tool?: string;
  target?: string;
  upstream?: string;
  latencyMs?: number;
  flow?: string;
  policyEngine?: string;
  policyOutcome?: string;
  chain?: string;
};

export type Agent = {
  clientId: string;
  id?: string;
  name?: string;
  suspended: boolean;
  suspension?: { reason?: string; since?: number; by?: string } | null;
  delegation?: Record<string, unknown>;
  lastExchangeAt?: string | number | null;
};

export type DryRunRequest = {
  user: string;
  agent: string;
  requestingClient?: string;
  tool?: string;
  server?: string;
  target: string;
  scope?: string;
  lifetime?: number;
  execute: boolean;
};

export type DryRunAnswer = {
  decision: {
    outcome: string;
    engine?: string;
    reason?: string;
    maxLifetime?: number;
    scopes?: string[];
    decisionId?: string;
  };
  input?: unknown;
  claims?: Record<string, unknown>;
  flow?: string;
  /** The OAuth error the caller would get, when a check before or at the policy refuses. */
  refusal?: { error: string; errorDescription?: string } | null;
  execution?: {
    status: number;
    answer?: unknown;
    error?: string;
    errorDescription?: string;
    audit?: unknown;
  } | null;
};
