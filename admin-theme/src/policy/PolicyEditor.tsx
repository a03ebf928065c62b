import {
  Alert,
  Button,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Stack,
  StackItem,
} from "@patternfly/react-core";
import { useState } from "react";
import type { FieldSpec, PolicySettings } from "../api/types";
import { useTokenBrokerApi } from "../api/useTokenBrokerApi";
import { ConfigField, MASKED } from "../upstreams/ConfigField";

export const ENGINES = [
  { value: "none", label: "none: everything that passed validation is allowed" },
  { value: "builtin", label: "builtin: rules stored as settings" },
  { value: "opa", label: "opa: Open Policy Agent (REST Data API)" },
];

// Which engine reads a setting (README "Engines and where their settings live"): opa.* for OPA,
// user-attributes for any engine, the rest for the built-in rules. Keys are after their prefix
// (policy. on an upstream, tokenbroker.policy. on a realm or client), as the REST API speaks them.
const engineOf = (key: string) => (key.startsWith("opa.") ? "opa" : key === "user-attributes" ? "any" : "builtin");

type Props = {
  value: PolicySettings;
  /** The policy settings, named by their key after the prefix (agents, opa.url, ...). */
  fields: FieldSpec[];
  errors: Record<string, string>;
  onChange: (value: PolicySettings) => void;
  /** What an unset engine means here. */
  unsetLabel: string;
  testId: string;
};

/** The engine and its settings, for the realm default or a local audience. */
export const PolicyEditor = ({ value, fields, errors, onChange, unsetLabel, testId }: Props) => {
  const shown = fields.filter((f) => f.name !== "engine" && [value.engine, "any"].includes(engineOf(f.name)));
  const set = (name: string, v: string) => onChange({ ...value, settings: { ...value.settings, [name]: v } });
  return (
    <>
      <FormGroup label="Engine" fieldId={`${testId}-engine`} isRequired>
        <FormSelect id={`${testId}-engine`} data-testid={`${testId}-engine`} value={value.engine}
          onChange={(_e, v) => onChange({ ...value, engine: v })} aria-label="Engine">
          <FormSelectOption value="" label={unsetLabel} />
          {ENGINES.map((e) => (
            <FormSelectOption key={e.value} value={e.value} label={e.label} />
          ))}
        </FormSelect>
      </FormGroup>
      {shown.map((f) => (
        <ConfigField key={f.name} spec={f} value={value.settings[f.name] ?? ""} error={errors[f.name]}
          onChange={(v) => set(f.name, v)} onBlur={() => undefined} idPrefix={testId} />
      ))}
      {value.engine === "opa" && <TestConnection settings={value.settings} testId={testId} />}
    </>
  );
};

type Probe = { ok: boolean; status?: number; latencyMs?: number; message?: string };

/** Sends OPA a sample input through the server (its outbound rules apply); the token is never echoed. */
const TestConnection = ({ settings, testId }: { settings: Record<string, string>; testId: string }) => {
  const api = useTokenBrokerApi();
  const [result, setResult] = useState<Probe>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const number = (key: string) => (settings[key] ? Number(settings[key]) : undefined);
  const token = settings["opa.token"];

  const probe = async () => {
    setBusy(true);
    setResult(undefined);
    setFailure(undefined);
    try {
      setResult(
        await api.post<Probe>("/policies/test-connection", {
          url: settings["opa.url"],
          path: settings["opa.path"],
          bearerToken: token && token !== MASKED ? token : undefined,
          connectTimeoutMs: number("opa.timeout.connect.ms"),
          readTimeoutMs: number("opa.timeout.read.ms"),
        }),
      );
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack hasGutter>
      <StackItem>
        <Button variant="secondary" onClick={probe} isLoading={busy} data-testid={`${testId}-test-connection`}>
          Test connection
        </Button>
      </StackItem>
      {result && (
        <Alert isInline variant={result.ok ? "success" : "danger"} data-testid={`${testId}-connection-result`}
          title={result.ok ? `OPA answered (${result.status}, ${result.latencyMs} ms)` : "OPA did not answer as expected"}>
          {result.message}
        </Alert>
      )}
      {failure && <Alert isInline variant="danger" title={failure} />}
    </Stack>
  );
};
