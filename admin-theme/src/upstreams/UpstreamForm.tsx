import { useRealm } from "@keycloak/keycloak-admin-ui";
import {
  ActionGroup,
  Alert,
  Button,
  ExpandableSection,
  Form,
  FormGroup,
  FormHelperText,
  FormSection,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  TextInput,
} from "@patternfly/react-core";
import { useEffect, useMemo, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { ApiError, fieldErrors, useTokenBrokerApi } from "../api/useTokenBrokerApi";
import type { Config, FieldSpec, Upstream, UpstreamType } from "../api/types";
import { ErrorAlert, SectionPage } from "../components/SectionPage";
import { toPage } from "../routes";
import { ConfigField } from "./ConfigField";

type Values = Record<string, string>;

// Settings shared by every type, shown after the type's own ones.
const GROUPS = [
  { prefix: "policy.", title: "Policy" },
  { prefix: "subject.", title: "Subject token" },
];

export const UpstreamForm = () => {
  const api = useTokenBrokerApi();
  const { realm } = useRealm();
  const navigate = useNavigate();
  const { id } = useParams();
  const editing = id !== undefined;

  const [types, setTypes] = useState<UpstreamType[]>([]);
  const [alias, setAlias] = useState("");
  const [type, setType] = useState("");
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [opened, setOpened] = useState<Record<string, boolean>>({});

  useEffect(() => {
    api.get<UpstreamType[]>("/upstreams/types").then(setTypes, setFailure);
  }, [api]);

  useEffect(() => {
    if (!editing) return;
    api.get<Upstream>(`/upstreams/${encodeURIComponent(id)}`).then((u) => {
      setAlias(u.alias);
      setType(u.type);
      setValues(Object.fromEntries(Object.entries(u.config ?? {}).map(([k, v]) => [k, (v ?? []).join(",")])));
    }, setFailure);
  }, [api, editing, id]);

  const spec = useMemo(() => types.find((t) => t.type === type), [types, type]);

  const chooseType = (next: string) => {
    setType(next);
    setErrors({});
    const chosen = types.find((t) => t.type === next);
    // A new upstream starts from the type's defaults.
    setValues(
      Object.fromEntries(
        (chosen?.fields ?? [])
          .filter((f) => f.defaultValue !== undefined && f.defaultValue !== null && f.defaultValue !== "")
          .map((f) => [f.name, String(f.defaultValue)]),
      ),
    );
  };

  const body = (): Upstream => {
    const config: Config = {};
    for (const field of spec?.fields ?? []) {
      const value = values[field.name];
      if (value !== undefined && value !== "") config[field.name] = [value];
    }
    return { alias, type, config };
  };

  // Live validation: the server's own checks (the same as on save and on realm import), nothing saved.
  const validate = async () => {
    if (!type) return;
    try {
      // With its id, an upstream is not compared with itself and its stored secrets count.
      await api.post("/upstreams/validate", editing ? { ...body(), id } : body());
      setErrors({});
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setErrors(fieldErrors(e));
    }
  };

  const save = async () => {
    setSaving(true);
    setFailure(undefined);
    try {
      if (editing) {
        await api.put(`/upstreams/${encodeURIComponent(id)}`, body());
      } else {
        await api.post("/upstreams", body());
      }
      navigate(toPage(realm, "upstreams"));
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && e.fields.length) {
        setErrors(fieldErrors(e));
      } else {
        setFailure(e);
      }
    } finally {
      setSaving(false);
    }
  };

  const field = (f: FieldSpec) => (
    <ConfigField
      key={f.name}
      spec={f}
      value={values[f.name] ?? ""}
      error={errors[f.name]}
      onChange={(v) => setValues((current) => ({ ...current, [f.name]: v }))}
      onBlur={validate}
    />
  );
  const own = (spec?.fields ?? []).filter((f) => !GROUPS.some((g) => f.name.startsWith(g.prefix)));
  const known = new Set(["alias", "type", ...(spec?.fields ?? []).map((f) => f.name)]);
  const unplaced = Object.entries(errors).filter(([name]) => !known.has(name));
  const errorCount = Object.keys(errors).length;

  return (
    <SectionPage
      title={editing ? `Upstream ${alias}` : "Create upstream"}
      testId="upstream-form"
      description={spec?.helpText}
    >
      <ErrorAlert error={failure} />
      {errorCount > 0 && (
        <Alert variant="danger" isInline className="pf-v5-u-mb-md" data-testid="form-errors"
          title={`${errorCount} setting${errorCount > 1 ? "s" : ""} to correct`}>
          {unplaced.map(([name, message]) => (
            <div key={name}>{name}: {message}</div>
          ))}
        </Alert>
      )}
      <Form isWidthLimited onSubmit={(e) => e.preventDefault()}>
        <FormGroup label="Type" isRequired fieldId="field-type">
          <FormSelect id="field-type" data-testid="field-type" value={type} isDisabled={editing}
            onChange={(_e, v) => chooseType(v)} validated={errors.type ? "error" : "default"} aria-label="Type">
            <FormSelectOption value="" label="Choose a type" isPlaceholder />
            {types.map((t) => (
              <FormSelectOption key={t.type} value={t.type} label={t.label ?? t.type} />
            ))}
          </FormSelect>
          <Helper error={errors.type} name="type" />
        </FormGroup>
        <FormGroup label="Alias" isRequired fieldId="field-alias">
          <TextInput id="field-alias" data-testid="field-alias" value={alias} onChange={(_e, v) => setAlias(v)}
            onBlur={validate} validated={errors.alias ? "error" : "default"} />
          <Helper error={errors.alias} name="alias"
            help="The name the exchange's audience (or resource) uses for this upstream." />
        </FormGroup>
        {spec && own.map(field)}
        {spec &&
          GROUPS.map((g) => {
            const fields = spec.fields.filter((f) => f.name.startsWith(g.prefix));
            // Shown when opened, when a setting in it is refused, or when it holds more than the defaults.
            const customised = fields.some((f) => (values[f.name] ?? "") !== String(f.defaultValue ?? ""));
            const expanded = opened[g.prefix] ?? (customised && editing);
            return fields.length ? (
              <ExpandableSection key={g.prefix} data-testid={`group-${g.prefix}`}
                toggleText={`${g.title} (${g.prefix}*)`}
                isExpanded={expanded || fields.some((f) => errors[f.name])}
                onToggle={(_e, open) => setOpened((o) => ({ ...o, [g.prefix]: open }))}>
                <FormSection>{fields.map(field)}</FormSection>
              </ExpandableSection>
            ) : null;
          })}
        <ActionGroup>
          <Button data-testid="save-upstream" onClick={save} isDisabled={!type || saving} isLoading={saving}>
            {editing ? "Save" : "Create"}
          </Button>
          <Button variant="link" onClick={() => navigate(toPage(realm, "upstreams"))}>
            Cancel
          </Button>
        </ActionGroup>
      </Form>
    </SectionPage>
  );
};

const Helper = ({ error, name, help }: { error?: string; name: string; help?: string }) =>
  error || help ? (
    <FormHelperText>
      <HelperText>
        {error && (
          <HelperTextItem variant="error" data-testid={`error-${name}`}>
            {error}
          </HelperTextItem>
        )}
        {help && <HelperTextItem>{help}</HelperTextItem>}
      </HelperText>
    </FormHelperText>
  ) : null;
