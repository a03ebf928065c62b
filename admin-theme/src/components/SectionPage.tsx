import { Alert, PageSection, Text, TextContent, Title } from "@patternfly/react-core";
import type { PropsWithChildren, ReactNode } from "react";

type Props = PropsWithChildren<{ title: string; description?: ReactNode; testId: string }>;

/** A Token Broker page: the stock header band, then the content. */
export const SectionPage = ({ title, description, testId, children }: Props) => (
  <>
    <PageSection variant="light" className="pf-v5-u-p-lg">
      <TextContent>
        <Title headingLevel="h1" data-testid={`${testId}-title`}>
          {title}
        </Title>
        {description && <Text>{description}</Text>}
      </TextContent>
    </PageSection>
    <PageSection variant="light" className="pf-v5-u-p-lg" data-testid={testId}>
      {children}
    </PageSection>
  </>
);

/** A failed call, in words (never a stack trace; the REST API never echoes a secret). */
export const ErrorAlert = ({ error }: { error: unknown }) =>
  error ? (
    <Alert variant="danger" isInline title={error instanceof Error ? error.message : String(error)} className="pf-v5-u-mb-md" data-testid="error-alert" />
  ) : null;

export const JsonBlock = ({ value, testId }: { value: unknown; testId: string }) => (
  <pre className="tokenbroker-json" data-testid={testId}>
    {JSON.stringify(value, null, 2)}
  </pre>
);
