import { ActionGroup, Alert, Button, Form, FormGroup, InputGroup, InputGroupItem, TextInput, Title } from "@patternfly/react-core";
import { useEffect, useState } from "react";
import type { FieldSpec, PolicySettings, UpstreamType } from "../api/types";
import { ApiError, fieldErrors, useTokenBrokerApi } from "../api/useTokenBrokerApi";
import { ErrorAlert, SectionPage } from "../components/SectionPage";
import { PolicyEditor } from "./PolicyEditor";

const EMPTY: PolicySettings = { engine: "", settings: {} };
const UPSTREAM_PREFIX = "policy.";

export const PolicyPage = () => {
  const api = useTokenBrokerApi();
  const [fields, setFields] = useState<FieldSpec[]>([]);
  const [failure, setFailure] = useState<unknown>();

  // The policy settings are described once, with the upstream types (every type carries the same policy.* ones).
  useEffect(() => {
    api.get<UpstreamType[]>("/upstreams/types").then(
      (types) =>
        setFields(
          (types[0]?.fields ?? [])
            .filter((f) => f.name.startsWith(UPSTREAM_PREFIX))
            .map((f) => ({ ...f, name: f.name.slice(UPSTREAM_PREFIX.length), defaultValue: undefined })),
        ),
      setFailure,
    );
  }, [api]);

  return (
    <SectionPage title="Policy" testId="policy"
      description="Who may exchange what, decided per target: an audience client's settings or an upstream's, with the realm's as the default. An upstream's policy is part of its settings (Upstreams, then the upstream)."
    >
      <ErrorAlert error={failure} />
      <PolicyForm title="Realm default" path="/policies/realm" fields={fields} testId="realm-policy"
        unsetLabel="(not set: none)" />
      <AudiencePolicy fields={fields} />
    </SectionPage>
  );
};

const AudiencePolicy = ({ fields }: { fields: FieldSpec[] }) => {
  const [clientId, setClientId] = useState("");
  const [chosen, setChosen] = useState<string>();
  return (
    <>
      <Title headingLevel="h2" className="pf-v5-u-mt-xl pf-v5-u-mb-md">Per local audience</Title>
      <Form isWidthLimited onSubmit={(e) => { e.preventDefault(); setChosen(clientId.trim()); }}>
        <FormGroup label="Audience client" fieldId="audience-client">
          <InputGroup>
            <InputGroupItem isFill>
              <TextInput id="audience-client" data-testid="audience-client" value={clientId}
                placeholder="client id, e.g. warehouse-api" onChange={(_e, v) => setClientId(v)} />
            </InputGroupItem>
            <InputGroupItem>
              <Button variant="control" type="submit" data-testid="audience-load">Open</Button>
            </InputGroupItem>
          </InputGroup>
        </FormGroup>
      </Form>
      {chosen && (
        <PolicyForm key={chosen} title={`Audience ${chosen}`} unsetLabel="(not set: the realm default decides)"
          path={`/policies/audiences/${encodeURIComponent(chosen)}`} fields={fields} testId="audience-policy" />
      )}
    </>
  );
};

type FormProps = { title: string; path: string; fields: FieldSpec[]; testId: string; unsetLabel: string };

const PolicyForm = ({ title, path, fields, testId, unsetLabel }: FormProps) => {
  const api = useTokenBrokerApi();
  const [value, setValue] = useState<PolicySettings>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    api.get<PolicySettings>(path).then((v) => setValue({ engine: v.engine ?? "", settings: v.settings ?? {} }), setFailure);
  }, [api, path]);

  const save = async () => {
    if (!value) return;
    setSaved(false);
    setFailure(undefined);
    try {
      const settings = Object.fromEntries(Object.entries(value.settings).filter(([, v]) => v !== ""));
      await api.put(path, { engine: value.engine, settings });
      setErrors({});
      setSaved(true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setErrors(fieldErrors(e));
      else setFailure(e);
    }
  };

  return (
    <>
      <Title headingLevel="h2" className="pf-v5-u-mt-lg pf-v5-u-mb-md">{title}</Title>
      <ErrorAlert error={failure} />
      {Object.keys(errors).length > 0 && (
        <Alert isInline variant="danger" title="Settings to correct" className="pf-v5-u-mb-md">
          {Object.entries(errors).map(([k, m]) => <div key={k}>{k}: {m}</div>)}
        </Alert>
      )}
      {value && (
        <Form isWidthLimited onSubmit={(e) => e.preventDefault()}>
          <PolicyEditor value={value ?? EMPTY} fields={fields} errors={errors} onChange={setValue} unsetLabel={unsetLabel} testId={testId} />
          <ActionGroup>
            <Button onClick={save} data-testid={`${testId}-save`}>Save</Button>
          </ActionGroup>
          {saved && <Alert isInline variant="success" title="Saved" />}
        </Form>
      )}
    </>
  );
};
