import {
  ActionGroup,
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  ExpandableSection,
  Form,
  FormGroup,
  Grid,
  GridItem,
  Label,
  TextInput,
  Title,
} from "@patternfly/react-core";
import { useEffect, useState } from "react";
import type { DryRunAnswer, DryRunRequest, UpstreamSummary } from "../api/types";
import { useTokenBrokerApi } from "../api/useTokenBrokerApi";
import { ErrorAlert, JsonBlock, SectionPage } from "../components/SectionPage";

const INITIAL: DryRunRequest = {
  user: "",
  agent: "",
  requestingClient: "mcp-gateway",
  tool: "",
  server: "",
  target: "",
  scope: "",
  lifetime: 300,
  execute: false,
};

const TEXT_FIELDS: { key: keyof DryRunRequest; label: string; help: string; required?: boolean }[] = [
  { key: "user", label: "User", help: "user name of the subject", required: true },
  { key: "agent", label: "Agent", help: "client id of the agent acting for the user (the actor)", required: true },
  { key: "requestingClient", label: "Requesting client", help: "the client that asks for the exchange (e.g. an MCP gateway)" },
  { key: "tool", label: "Tool", help: "the tool of the tool_invocation, e.g. databricks_mcp.query" },
  { key: "server", label: "Tool server", help: "the MCP server's URL" },
  { key: "target", label: "Target", help: "an upstream alias or a local audience client id", required: true },
  { key: "scope", label: "Scope", help: "space-separated; empty: what the policy and client allow" },
];

export const DryRunPage = () => {
  const api = useTokenBrokerApi();
  const [request, setRequest] = useState<DryRunRequest>(INITIAL);
  const [answer, setAnswer] = useState<DryRunAnswer>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState<"dry" | "real">();
  const [targets, setTargets] = useState<string[]>([]);

  useEffect(() => {
    api.get<UpstreamSummary[]>("/upstreams").then((u) => setTargets(u.map((x) => x.alias)), () => undefined);
  }, [api]);

  const run = async (execute: boolean) => {
    setBusy(execute ? "real" : "dry");
    setFailure(undefined);
    setAnswer(undefined);
    try {
      const body = Object.fromEntries(
        Object.entries({ ...request, execute }).filter(([, v]) => v !== "" && v !== undefined),
      );
      setAnswer(await api.post<DryRunAnswer>("/dry-run", body));
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <SectionPage title="Dry run" testId="dry-run"
      description="What an exchange would decide and mint, without signing or sending anything. Run for real performs the exchange (needs manage-realm and the permission to impersonate the user) and shows the upstream's answer, every token redacted, and the audit record."
    >
      <Form isWidthLimited onSubmit={(e) => e.preventDefault()}>
        <Grid hasGutter md={6}>
          {TEXT_FIELDS.map(({ key, label, help, required }) => (
            <GridItem key={key}>
              <FormGroup label={label} isRequired={required} fieldId={`dry-${key}`}>
                <TextInput id={`dry-${key}`} data-testid={`dry-${key}`} value={String(request[key] ?? "")}
                  placeholder={help} list={key === "target" ? "dry-targets" : undefined}
                  onChange={(_e, v) => setRequest((r) => ({ ...r, [key]: v }))} />
              </FormGroup>
            </GridItem>
          ))}
          <GridItem>
            <FormGroup label="Lifetime (seconds)" fieldId="dry-lifetime">
              <TextInput id="dry-lifetime" data-testid="dry-lifetime" type="number" value={request.lifetime ?? ""}
                onChange={(_e, v) => setRequest((r) => ({ ...r, lifetime: v === "" ? undefined : Number(v) }))} />
            </FormGroup>
          </GridItem>
        </Grid>
        <datalist id="dry-targets">
          {targets.map((t) => <option key={t} value={t} />)}
        </datalist>
        <ActionGroup>
          <Button data-testid="dry-run-button" onClick={() => run(false)} isLoading={busy === "dry"} isDisabled={!!busy}>
            Dry run
          </Button>
          <Button variant="warning" data-testid="run-for-real" onClick={() => run(true)} isLoading={busy === "real"} isDisabled={!!busy}>
            Run for real
          </Button>
        </ActionGroup>
      </Form>
      <div className="pf-v5-u-mt-xl">
        <ErrorAlert error={failure} />
        {answer && <Result answer={answer} />}
      </div>
    </SectionPage>
  );
};

const Result = ({ answer }: { answer: DryRunAnswer }) => {
  const { decision, execution } = answer;
  const allowed = decision.outcome === "allow";
  return (
    <div data-testid="dry-run-result">
      <Title headingLevel="h2" className="pf-v5-u-mb-md">
        Decision{" "}
        <Label color={allowed ? "green" : "red"} data-testid="decision-outcome">{decision.outcome}</Label>
      </Title>
      {answer.refusal && (
        <Alert isInline variant="danger" className="pf-v5-u-mb-md" data-testid="dry-run-refusal"
          title={`The caller would get ${answer.refusal.error}`}>
          {answer.refusal.errorDescription}
        </Alert>
      )}
      <DescriptionList isHorizontal isCompact className="pf-v5-u-mb-md">
        <Item term="Engine" value={decision.engine} />
        <Item term="Reason" value={decision.reason} />
        <Item term="Flow" value={answer.flow} />
        <Item term="Max lifetime" value={decision.maxLifetime} />
        <Item term="Scopes" value={decision.scopes?.join(" ")} />
        <Item term="Decision id" value={decision.decisionId} />
      </DescriptionList>
      {answer.claims && (
        <>
          <Title headingLevel="h3" className="pf-v5-u-mb-sm">Claims that would be minted</Title>
          <JsonBlock value={answer.claims} testId="dry-run-claims" />
        </>
      )}
      {answer.input !== undefined && (
        <ExpandableSection toggleText="Policy input">
          <JsonBlock value={answer.input} testId="dry-run-input" />
        </ExpandableSection>
      )}
      {execution && (
        <div data-testid="execution-result" className="pf-v5-u-mt-lg">
          <Title headingLevel="h2" className="pf-v5-u-mb-md">
            Exchange performed{" "}
            <Label color={execution.status === 200 ? "green" : "red"} data-testid="execution-status">{execution.status}</Label>
          </Title>
          {execution.error && (
            <Alert isInline variant="danger" title={execution.error} className="pf-v5-u-mb-md">{execution.errorDescription}</Alert>
          )}
          {execution.answer !== undefined && (
            <>
              <Title headingLevel="h3" className="pf-v5-u-mb-sm">Upstream answer (token values redacted)</Title>
              <JsonBlock value={execution.answer} testId="execution-answer" />
            </>
          )}
          {execution.audit !== undefined && (
            <>
              <Title headingLevel="h3" className="pf-v5-u-my-sm">Audit record</Title>
              <JsonBlock value={execution.audit} testId="execution-audit" />
            </>
          )}
        </div>
      )}
    </div>
  );
};

const Item = ({ term, value }: { term: string; value?: string | number }) =>
  value === undefined || value === null || value === "" ? null : (
    <DescriptionListGroup>
      <DescriptionListTerm>{term}</DescriptionListTerm>
      <DescriptionListDescription>{value}</DescriptionListDescription>
    </DescriptionListGroup>
  );
