import {
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Switch,
  TextArea,
  TextInput,
} from "@patternfly/react-core";
import type { FieldSpec } from "../api/types";

/** What the server sends back in place of a stored secret; sent back unchanged, it keeps the secret. */
export const MASKED = "**********";

type Props = {
  spec: FieldSpec;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  onBlur: () => void;
  /** Tells apart two forms on one page. */
  idPrefix?: string;
};

/** One setting of an upstream, drawn from its factory's description (kind, help, required, options). */
export const ConfigField = ({ spec, value, error, onChange, onBlur, idPrefix = "field" }: Props) => {
  const id = `${idPrefix}-${spec.name}`;
  const validated = error ? "error" : "default";
  const common = { id, name: spec.name, "data-testid": id, onBlur, validated } as const;
  const input = (() => {
    switch (spec.kind) {
      case "boolean":
        return (
          <Switch
            id={id}
            data-testid={id}
            label="On"
            labelOff="Off"
            isChecked={value === "true"}
            onChange={(_e, checked) => {
              onChange(String(checked));
            }}
          />
        );
      case "list":
        if (spec.options?.length) {
          return (
            <FormSelect {...common} value={value} onChange={(_e, v) => onChange(v)} aria-label={spec.label ?? spec.name}>
              {!spec.required && <FormSelectOption value="" label="(not set)" />}
              {spec.options.filter((o) => o !== "" || spec.required).map((o) => (
                <FormSelectOption key={o} value={o} label={o} />
              ))}
            </FormSelect>
          );
        }
        return <TextInput {...common} value={value} placeholder={spec.placeholder} onChange={(_e, v) => onChange(v)} />;
      case "text":
        return (
          <TextArea {...common} value={value} placeholder={spec.placeholder} resizeOrientation="vertical" onChange={(_e, v) => onChange(v)} />
        );
      case "secret":
        return (
          <TextInput
            {...common}
            type="password"
            autoComplete="new-password"
            value={value}
            placeholder={spec.placeholder ?? "${vault.key}"}
            onChange={(_e, v) => onChange(v)}
          />
        );
      case "number":
        return <TextInput {...common} type="number" value={value} placeholder={spec.placeholder} onChange={(_e, v) => onChange(v)} />;
      default:
        return <TextInput {...common} value={value} placeholder={spec.placeholder} onChange={(_e, v) => onChange(v)} />;
    }
  })();

  return (
    <FormGroup label={spec.label ?? spec.name} isRequired={spec.required} fieldId={id}>
      {input}
      <FormHelperText>
        <HelperText>
          {error && (
            <HelperTextItem variant="error" data-testid={`error-${spec.name}`}>
              {error}
            </HelperTextItem>
          )}
          {spec.helpText && <HelperTextItem>{spec.helpText}</HelperTextItem>}
          {spec.kind === "secret" && (
            <HelperTextItem>
              Write-only: a stored value is never shown (left as is, it is kept). Prefer a vault reference such as
              {" ${vault.databricks-client-secret}"}.
            </HelperTextItem>
          )}
        </HelperText>
      </FormHelperText>
    </FormGroup>
  );
};
