import {
  Alert,
  Button,
  FormSelect,
  FormSelectOption,
  Label,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import type { AuditEntry } from "../api/types";
import { useTokenBrokerApi } from "../api/useTokenBrokerApi";
import { ErrorAlert, SectionPage } from "../components/SectionPage";

const FILTERS = ["user", "agent", "tool", "upstream"] as const;
type Filters = Record<(typeof FILTERS)[number] | "outcome", string>;
const PAGE = 50;
/** The search's answer says in these headers whether its scan bound may have cut it short, and what the bound is. */
const TRUNCATED_HEADER = "Token-Broker-Audit-Truncated";
const SCAN_LIMIT_HEADER = "Token-Broker-Audit-Scan-Limit";

export const AuditPage = () => {
  const api = useTokenBrokerApi();
  const [filters, setFilters] = useState<Filters>({ user: "", agent: "", tool: "", upstream: "", outcome: "" });
  const [first, setFirst] = useState(0);
  const [entries, setEntries] = useState<AuditEntry[]>();
  const [truncated, setTruncated] = useState(false);
  const [scanLimit, setScanLimit] = useState<string>();
  const [failure, setFailure] = useState<unknown>();

  const load = useCallback(
    (from: number) => {
      const query = new URLSearchParams({ first: String(from), max: String(PAGE) });
      Object.entries(filters).forEach(([k, v]) => v.trim() && query.set(k, v.trim()));
      setFailure(undefined);
      api.getWithHeaders<AuditEntry[]>(`/audit?${query}`).then(({ body, headers }) => {
        setEntries(body);
        setTruncated(headers.get(TRUNCATED_HEADER) === "true");
        setScanLimit(headers.get(SCAN_LIMIT_HEADER) ?? undefined);
        setFirst(from);
      }, setFailure);
    },
    [api, filters],
  );
  // The newest records on arrival; after that the Search button reloads (not every keystroke).
  useEffect(() => load(0), [api]);

  return (
    <SectionPage title="Audit" testId="audit"
      description="Every exchange, newest first, from the realm's saved events (TOKEN_EXCHANGE and TOKEN_EXCHANGE_ERROR), so the trail survives restarts and is the same on every node."
    >
      <ErrorAlert error={failure} />
      {truncated && !failure && (
        <Alert variant="warning" isInline className="pf-v5-u-mb-md" data-testid="audit-truncated"
          title={`Only the newest ${scanLimit ? scanLimit + " " : ""}exchange records were searched`}>
          The filter may have missed older records that match it. Narrow the filter by user to search further back:
          the user filter is applied before the newest {scanLimit ?? "records"} are taken.
        </Alert>
      )}
      <Toolbar>
        <ToolbarContent>
          {FILTERS.map((f) => (
            <ToolbarItem key={f}>
              <TextInput aria-label={f} placeholder={f} data-testid={`audit-filter-${f}`} value={filters[f]}
                onChange={(_e, v) => setFilters((x) => ({ ...x, [f]: v }))}
                onKeyDown={(e) => e.key === "Enter" && load(0)} />
            </ToolbarItem>
          ))}
          <ToolbarItem>
            <FormSelect aria-label="outcome" data-testid="audit-filter-outcome" value={filters.outcome}
              onChange={(_e, v) => setFilters((x) => ({ ...x, outcome: v }))}>
              <FormSelectOption value="" label="any outcome" />
              <FormSelectOption value="allowed" label="allowed" />
              <FormSelectOption value="denied" label="denied" />
              <FormSelectOption value="error" label="error" />
            </FormSelect>
          </ToolbarItem>
          <ToolbarItem>
            <Button data-testid="audit-search" onClick={() => load(0)}>Search</Button>
          </ToolbarItem>
          <ToolbarItem variant="pagination">
            <Button variant="plain" isDisabled={first === 0} onClick={() => load(Math.max(0, first - PAGE))}>Newer</Button>
            <Button variant="plain" isDisabled={(entries?.length ?? 0) < PAGE} onClick={() => load(first + PAGE)}>Older</Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Table aria-label="Audit records" variant="compact" data-testid="audit-table">
        <Thead>
          <Tr>
            <Th>Time</Th>
            <Th>Outcome</Th>
            <Th width={35}>Chain</Th>
            <Th>Flow</Th>
            <Th>Latency</Th>
            <Th>Policy</Th>
            <Th>Error / reason</Th>
          </Tr>
        </Thead>
        <Tbody>
          {entries?.length === 0 && (
            <Tr><Td colSpan={7}>No records match.</Td></Tr>
          )}
          {entries?.map((e, i) => (
            <Tr key={`${e.correlationId ?? ""}-${i}`} data-testid="audit-row">
              <Td dataLabel="Time">{formatTime(e.time)}</Td>
              <Td dataLabel="Outcome">
                <Label color={e.outcome === "allowed" ? "green" : e.outcome === "denied" ? "orange" : "red"}>{e.outcome}</Label>
              </Td>
              <Td dataLabel="Chain" data-testid="audit-chain" className="tokenbroker-wrap">{e.chain}</Td>
              <Td dataLabel="Flow">{e.flow}</Td>
              <Td dataLabel="Latency">{e.latencyMs != null ? `${e.latencyMs} ms` : ""}</Td>
              <Td dataLabel="Policy">{[e.policyEngine, e.policyOutcome].filter(Boolean).join(": ")}</Td>
              <Td dataLabel="Error / reason">{[e.error, e.reason].filter(Boolean).join(": ")}</Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </SectionPage>
  );
};

const formatTime = (t: string | number) => {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toLocaleString();
};
