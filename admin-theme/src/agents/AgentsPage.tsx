import { useRealm } from "@keycloak/keycloak-admin-ui";
import {
  Button,
  Form,
  FormGroup,
  Label,
  Modal,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import type { Agent } from "../api/types";
import { useTokenBrokerApi } from "../api/useTokenBrokerApi";
import { ErrorAlert, SectionPage } from "../components/SectionPage";
import { toPage } from "../routes";

export const AgentsPage = () => {
  const api = useTokenBrokerApi();
  const { realm } = useRealm();
  const [agents, setAgents] = useState<Agent[]>();
  const [failure, setFailure] = useState<unknown>();
  const [suspending, setSuspending] = useState<Agent>();
  const [reason, setReason] = useState("");
  const [clientId, setClientId] = useState("");
  const navigate = useNavigate();
  const openDelegation = (id: string) => navigate(toPage(realm, `clients/${encodeURIComponent(id)}/delegation`));

  const load = useCallback(() => {
    api.get<Agent[]>("/agents").then(setAgents, setFailure);
  }, [api]);
  useEffect(load, [load]);

  const path = (a: Agent) => `/suspensions/agents/${encodeURIComponent(a.clientId)}`;
  const act = async (change: () => Promise<unknown>) => {
    setFailure(undefined);
    try {
      await change();
    } catch (e) {
      setFailure(e);
    }
    load();
  };
  const suspend = (a: Agent) => {
    setSuspending(undefined);
    act(() => api.put(path(a), reason.trim() ? { reason: reason.trim() } : {}));
  };

  return (
    <SectionPage title="Agents" testId="agents"
      description="Clients that act for users. Suspending one (the kill switch) refuses every exchange it takes part in, anywhere in the act chain, for every user at once, without disabling the client."
    >
      <ErrorAlert error={failure} />
      {/* Delegation is configured on the requesting client (e.g. an MCP gateway), which is not an agent itself. */}
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <TextInput aria-label="client id" placeholder="client id, e.g. mcp-gateway" value={clientId}
              data-testid="delegation-client" onChange={(_e, v) => setClientId(v)}
              onKeyDown={(e) => e.key === "Enter" && clientId.trim() && openDelegation(clientId.trim())} />
          </ToolbarItem>
          <ToolbarItem>
            <Button variant="secondary" isDisabled={!clientId.trim()} onClick={() => openDelegation(clientId.trim())}>
              Delegation settings of a client
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Table aria-label="Agents" variant="compact" data-testid="agents-table">
        <Thead>
          <Tr>
            <Th>Client</Th>
            <Th>Name</Th>
            <Th>Status</Th>
            <Th>Last exchange</Th>
            <Th>Delegation</Th>
            <Th screenReaderText="Kill switch" />
          </Tr>
        </Thead>
        <Tbody>
          {agents?.length === 0 && <Tr><Td colSpan={6}>No agents yet.</Td></Tr>}
          {agents?.map((a) => (
            <Tr key={a.clientId} data-testid={`agent-row-${a.clientId}`}>
              <Td dataLabel="Client">{a.clientId}</Td>
              <Td dataLabel="Name">{a.name}</Td>
              <Td dataLabel="Status">
                {a.suspended ? (
                  <>
                    <Label color="red" data-testid="agent-status">suspended</Label>{" "}
                    {a.suspension && [a.suspension.reason, a.suspension.by && `by ${a.suspension.by}`].filter(Boolean).join(", ")}
                  </>
                ) : (
                  <Label color="green" data-testid="agent-status">active</Label>
                )}
              </Td>
              <Td dataLabel="Last exchange">{a.lastExchangeAt ? new Date(a.lastExchangeAt).toLocaleString() : "—"}</Td>
              <Td dataLabel="Delegation">
                <Link to={toPage(realm, `clients/${encodeURIComponent(a.clientId)}/delegation`)}>settings</Link>
              </Td>
              <Td isActionCell>
                {a.suspended ? (
                  <Button variant="secondary" data-testid={`resume-${a.clientId}`} onClick={() => act(() => api.del(path(a)))}>Resume</Button>
                ) : (
                  <Button variant="danger" data-testid={`suspend-${a.clientId}`} onClick={() => { setReason(""); setSuspending(a); }}>Suspend</Button>
                )}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <Modal variant="small" title={`Suspend ${suspending?.clientId ?? ""}?`} isOpen={!!suspending}
        onClose={() => setSuspending(undefined)}
        actions={[
          <Button key="suspend" variant="danger" data-testid="confirm-suspend" onClick={() => suspending && suspend(suspending)}>Suspend</Button>,
          <Button key="cancel" variant="link" onClick={() => setSuspending(undefined)}>Cancel</Button>,
        ]}
      >
        <Form onSubmit={(e) => e.preventDefault()}>
          <FormGroup label="Reason (shown in the refusal and the audit record)" fieldId="suspend-reason">
            <TextInput id="suspend-reason" data-testid="suspend-reason" value={reason} onChange={(_e, v) => setReason(v)} />
          </FormGroup>
        </Form>
      </Modal>
    </SectionPage>
  );
};
