import { useRealm } from "@keycloak/keycloak-admin-ui";
import { ActionGroup, Alert, Button, Form, FormGroup, FormHelperText, HelperText, HelperTextItem, TextInput } from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError, fieldErrors, useTokenBrokerApi } from "../api/useTokenBrokerApi";
import { ErrorAlert, SectionPage } from "../components/SectionPage";
import { toPage } from "../routes";

type Settings = Record<string, string>;

// The client attributes of README "Configuring delegation", with their meaning; other tokenbroker.*
// attributes the server returns are shown after these.
const KNOWN: { key: string; help: string }[] = [
  { key: "tokenbroker.delegation.enabled", help: "true: the client may perform delegation exchanges (default false)" },
  { key: "tokenbroker.delegation.implicit-actor", help: "subject-client (default): without actor_token the actor is the subject token's azp; none: leave such requests to Keycloak's standard exchange" },
  { key: "tokenbroker.delegation.allowed-actors", help: "space-separated actor subjects (agent client ids, user ids) the client may name; empty: any" },
  { key: "tokenbroker.delegation.require-may-act", help: "true: refuse subject tokens without may_act (default false)" },
  { key: "tokenbroker.delegation.max-lifetime", help: "seconds (default 300); never beyond the subject token" },
  { key: "tokenbroker.delegation.max-chain-depth", help: "most actors in an act chain (default 5, at most 32)" },
  { key: "tokenbroker.delegation.default-audience", help: "the one client id a delegated token goes to when the request names none" },
];

export const DelegationPage = () => {
  const api = useTokenBrokerApi();
  const { realm } = useRealm();
  const { clientId = "" } = useParams();
  const path = `/clients/${encodeURIComponent(clientId)}/delegation`;
  const [settings, setSettings] = useState<Settings>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    api.get<{ settings?: Record<string, unknown> }>(path).then(
      (form) => setSettings(Object.fromEntries(Object.entries(form.settings ?? {}).map(([k, v]) => [k, v == null ? "" : String(v)]))),
      setFailure,
    );
  }, [api, path]);

  const save = async () => {
    setSaved(false);
    setFailure(undefined);
    try {
      await api.put(path, { settings: Object.fromEntries(Object.entries(settings ?? {}).filter(([, v]) => v !== "")) });
      setErrors({});
      setSaved(true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setErrors(fieldErrors(e));
      else setFailure(e);
    }
  };

  const keys = [...KNOWN.map((k) => k.key), ...Object.keys(settings ?? {}).filter((k) => !KNOWN.some((x) => x.key === k))];
  return (
    <SectionPage title={`Delegation settings of ${clientId}`} testId="delegation"
      description={<>The client's tokenbroker.* attributes, checked as on every client save. A client policy (Realm settings, Client policies, executor tokenbroker-delegation) wins over them. <Link to={toPage(realm, "agents")}>Back to agents</Link></>}
    >
      <ErrorAlert error={failure} />
      {settings && (
        <Form isWidthLimited onSubmit={(e) => e.preventDefault()}>
          {keys.map((key) => {
            const help = KNOWN.find((k) => k.key === key)?.help;
            return (
              <FormGroup key={key} label={key} fieldId={`delegation-${key}`}>
                <TextInput id={`delegation-${key}`} data-testid={`delegation-${key}`} value={settings[key] ?? ""}
                  validated={errors[key] ? "error" : "default"}
                  onChange={(_e, v) => setSettings((s) => ({ ...s, [key]: v }))} />
                <FormHelperText>
                  <HelperText>
                    {errors[key] && <HelperTextItem variant="error">{errors[key]}</HelperTextItem>}
                    {help && <HelperTextItem>{help}</HelperTextItem>}
                  </HelperText>
                </FormHelperText>
              </FormGroup>
            );
          })}
          <ActionGroup>
            <Button onClick={save} data-testid="delegation-save">Save</Button>
          </ActionGroup>
          {saved && <Alert isInline variant="success" title="Saved" />}
        </Form>
      )}
    </SectionPage>
  );
};
