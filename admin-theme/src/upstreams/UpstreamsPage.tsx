import { useRealm } from "@keycloak/keycloak-admin-ui";
import {
  Button,
  Label,
  Modal,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useTokenBrokerApi } from "../api/useTokenBrokerApi";
import type { Recent, UpstreamSummary } from "../api/types";
import { ErrorAlert, SectionPage } from "../components/SectionPage";
import { toPage } from "../routes";

export const UpstreamsPage = () => {
  const api = useTokenBrokerApi();
  const { realm } = useRealm();
  const navigate = useNavigate();
  const [upstreams, setUpstreams] = useState<UpstreamSummary[]>();
  const [error, setError] = useState<unknown>();
  const [deleting, setDeleting] = useState<UpstreamSummary>();

  const load = useCallback(() => {
    api.get<UpstreamSummary[]>("/upstreams").then(
      (list) => setUpstreams([...list].sort((a, b) => a.alias.localeCompare(b.alias))),
      setError,
    );
  }, [api]);
  useEffect(load, [load]);

  const remove = async (upstream: UpstreamSummary) => {
    setDeleting(undefined);
    try {
      await api.del(`/upstreams/${encodeURIComponent(upstream.id)}`);
      load();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <SectionPage
      title="Upstreams"
      testId="upstreams"
      description="Platforms the realm exchanges tokens with: federated (a minted JWT redeemed at the platform's STS), brokered (the user's stored IdP token) or passthrough (the stored token itself)."
    >
      <ErrorAlert error={error} />
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button data-testid="create-upstream" onClick={() => navigate(toPage(realm, "upstreams/new"))}>
              Create upstream
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Table aria-label="Upstreams" variant="compact" data-testid="upstreams-table">
        <Thead>
          <Tr>
            <Th>Alias</Th>
            <Th>Type</Th>
            <Th width={35}>Target</Th>
            <Th>Flow</Th>
            <Th>Policy engine</Th>
            <Th>Recent exchanges</Th>
            <Th>p50</Th>
            <Th screenReaderText="Actions" />
          </Tr>
        </Thead>
        <Tbody>
          {upstreams?.length === 0 && (
            <Tr>
              <Td colSpan={8}>No upstreams yet.</Td>
            </Tr>
          )}
          {upstreams?.map((u) => (
            <Tr key={u.id} data-testid={`upstream-row-${u.alias}`}>
              <Td dataLabel="Alias">
                <Link to={toPage(realm, `upstreams/${encodeURIComponent(u.id)}`)}>{u.alias}</Link>
              </Td>
              <Td dataLabel="Type">{u.type}</Td>
              <Td dataLabel="Target" className="tokenbroker-wrap">{u.target}</Td>
              <Td dataLabel="Flow">{u.flow}</Td>
              <Td dataLabel="Policy engine">
                {u.policyEngine}
                {u.policySource && <span className="pf-v5-u-color-200"> ({u.policySource})</span>}
              </Td>
              <Td dataLabel="Recent exchanges">
                <RecentOutcome recent={u.recent} />
              </Td>
              <Td dataLabel="p50">{u.recent?.p50Ms != null && u.recent.exchanges > 0 ? `${u.recent.p50Ms} ms` : "—"}</Td>
              <Td isActionCell>
                <Button variant="link" isDanger data-testid={`delete-${u.alias}`} onClick={() => setDeleting(u)}>
                  Delete
                </Button>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <Modal
        variant="small"
        title={`Delete upstream ${deleting?.alias ?? ""}?`}
        isOpen={!!deleting}
        onClose={() => setDeleting(undefined)}
        actions={[
          <Button key="delete" variant="danger" data-testid="confirm-delete" onClick={() => deleting && remove(deleting)}>
            Delete
          </Button>,
          <Button key="cancel" variant="link" onClick={() => setDeleting(undefined)}>
            Cancel
          </Button>,
        ]}
      >
        Exchanges to this upstream are refused from then on; its cached platform tokens are dropped.
      </Modal>
    </SectionPage>
  );
};

const RecentOutcome = ({ recent }: { recent?: Recent }) => {
  if (!recent || recent.exchanges === 0) return <>none yet</>;
  const color = recent.lastOutcome === "allowed" ? "green" : recent.lastOutcome === "denied" ? "orange" : "red";
  return (
    <>
      {recent.exchanges} ({recent.allowed} allowed, {recent.denied} denied, {recent.errors} errors){" "}
      {recent.lastOutcome && <Label color={color}>last: {recent.lastOutcome}</Label>}
    </>
  );
};
