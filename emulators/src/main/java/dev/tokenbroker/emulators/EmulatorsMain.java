package dev.tokenbroker.emulators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbroker.emulators.http.Json;
import dev.tokenbroker.emulators.opa.OpaDocument;
import dev.tokenbroker.emulators.recording.RequestLog;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the emulators standalone:
 * {@code java -jar tokenbroker-emulators.jar [--port 8090] [--bind 127.0.0.1] [--issuer URL]
 * [--corporate-issuer URL] [--config FILE] [--opa-document PATH=JSON]... [--print-config]}.
 * Logs one line per request (claim names, subject, outcome), never a token or credential.
 */
public final class EmulatorsMain {

    static final int DEFAULT_PORT = 8090;
    static final String DEFAULT_BIND = "127.0.0.1";
    static final String USAGE = """
            Usage: java -jar tokenbroker-emulators.jar [options]
              --port <n>        port to listen on (default 8090; 0 = any free port)
              --bind <address>  address to bind (default 127.0.0.1)
              --issuer <url>    the realm issuer every platform trusts (default %s)
              --corporate-issuer <url>
                                the corporate IdP that Databricks, the GCP workforce pool and the partner STS
                                also trust, for brokered exchange (default %s)
              --config <file>   JSON trust configuration instead of the acme demo (not with --issuer or
                                --corporate-issuer: the file names its issuers)
              --opa-document <path>=<json>
                                the OPA stand-in answers {"result": <json>} at this document path, e.g.
                                tokenbroker/exchange/decision={"allow":true} (repeatable; default: none loaded)
              --print-config    print the effective configuration as JSON and exit
            """.formatted(AcmeDemo.DEFAULT_ISSUER, AcmeDemo.DEFAULT_CORPORATE_ISSUER);

    private EmulatorsMain() {
    }

    /** Parsed command line. */
    record Options(int port, String bind, Optional<String> issuer, Optional<String> corporateIssuer,
                   Optional<Path> config, Map<String, JsonNode> opaDocuments, boolean printConfig) {

        static Options parse(String... args) {
            int port = DEFAULT_PORT;
            String bind = DEFAULT_BIND;
            Optional<String> issuer = Optional.empty();
            Optional<String> corporateIssuer = Optional.empty();
            Optional<Path> config = Optional.empty();
            Map<String, JsonNode> opaDocuments = new LinkedHashMap<>();
            boolean printConfig = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--port" -> port = parsePort(value(args, ++i, arg));
                    case "--bind" -> bind = value(args, ++i, arg);
                    case "--issuer" -> issuer = Optional.of(parseIssuer(value(args, ++i, arg), arg));
                    case "--corporate-issuer" -> corporateIssuer = Optional.of(parseIssuer(value(args, ++i, arg), arg));
                    case "--config" -> config = Optional.of(Path.of(value(args, ++i, arg)));
                    case "--opa-document" -> {
                        String value = value(args, ++i, arg);
                        opaDocuments.put(opaPath(value), opaValue(value));
                    }
                    case "--print-config" -> printConfig = true;
                    default -> throw new IllegalArgumentException("Unknown option " + arg);
                }
            }
            if (config.isPresent() && (issuer.isPresent() || corporateIssuer.isPresent())) {
                throw new IllegalArgumentException("--config names its own issuers; --issuer and --corporate-issuer "
                        + "apply to the acme demo configuration only");
            }
            return new Options(port, bind, issuer, corporateIssuer, config, Map.copyOf(opaDocuments), printConfig);
        }

        /** Loads the {@code --opa-document} values into the running stand-in (a fixed decision, e.g. for the benchmark). */
        void loadOpaDocuments(EmulatorServer server) {
            opaDocuments.forEach((path, value) ->
                    server.opa().reconfigure(opa -> opa.withDocument(path, new OpaDocument.Value(value))));
        }

        private static String opaPath(String option) {
            int eq = option.indexOf('=');
            String path = eq < 0 ? "" : option.substring(0, eq).replaceAll("^/+|/+$", "");
            if (path.isEmpty()) {
                throw new IllegalArgumentException("--opa-document needs <path>=<json>, e.g. tokenbroker/exchange/decision=true");
            }
            return path;
        }

        private static JsonNode opaValue(String option) {
            String json = option.substring(option.indexOf('=') + 1);
            try {
                JsonNode value = Json.MAPPER.readTree(json);
                if (value == null || value.isMissingNode()) {
                    throw new IllegalArgumentException("--opa-document needs a JSON value after '='");
                }
                return value;
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("--opa-document value is not JSON: " + e.getOriginalMessage());
            }
        }

        EmulatorConfig emulatorConfig() {
            return config.map(EmulatorConfig::load).orElseGet(() -> EmulatorConfig.demo(
                    URI.create(issuer.orElse(AcmeDemo.DEFAULT_ISSUER)),
                    URI.create(corporateIssuer.orElse(AcmeDemo.DEFAULT_CORPORATE_ISSUER))));
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int parsePort(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("--port must be 0..65535");
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port must be a number");
            }
        }

        private static String parseIssuer(String value, String option) {
            URI uri = URI.create(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException(option + " must be an http(s) URL");
            }
            return value;
        }
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(USAGE);
            return;
        }
        Options options;
        EmulatorConfig config;
        try {
            options = Options.parse(args);
            config = options.emulatorConfig();
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.printConfig()) {
            System.out.println(config.toJson());
            return;
        }
        EmulatorServer server;
        try {
            server = EmulatorServer.start(config, new InetSocketAddress(options.bind(), options.port()),
                    Clock.systemUTC(), RequestLog.to(System.out));
        } catch (RuntimeException e) {
            System.err.println(e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
            System.exit(1);
            return;
        }
        options.loadOpaDocuments(server);
        // The HTTP server's dispatcher thread keeps the JVM alive; SIGTERM / Ctrl-C run this hook.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.println("Emulators stopped.");
        }, "emulators-shutdown"));
        printEndpoints(server, config, System.out);
    }

    static void printEndpoints(EmulatorServer server, EmulatorConfig config, PrintStream out) {
        out.println("Token broker emulators listening on " + server.baseUri());
        out.println("  databricks  workspace token " + server.databricks().workspaceTokenUri());
        out.println("              account token   " + server.databricks().accountTokenUri());
        out.println("              SCIM Me         " + server.databricks().scimMeUri());
        out.println("  aws-sts     STS endpoint    " + server.awsSts().endpoint());
        out.println("  gcp-sts     STS token       " + server.gcpSts().tokenUri());
        out.println("              IAM credentials " + server.gcpSts().iamCredentialsBaseUri());
        out.println("  snowflake   SQL API         " + server.snowflake().statementsUri());
        out.println("  rfc8693     token exchange  " + server.rfc8693().tokenUri());
        out.println("  github      authorize       " + server.github().authorizeUri());
        out.println("              access token    " + server.github().tokenUri());
        out.println("              user            " + server.github().userUri());
        Map<String, ?> documents = server.opa().config().documents();
        out.println("  opa         Data API        " + server.opa().url() + "/v1/data/<path> ("
                + (documents.isEmpty() ? "no policies loaded: undefined" : "loaded: " + String.join(", ", documents.keySet())) + ")");
        out.println("Trusted issuers: databricks " + config.databricks().accountPolicies().stream()
                        .map(p -> p.issuer()).toList()
                + ", aws " + config.awsSts().provider().url()
                + ", gcp " + config.gcpSts().providers().stream().map(p -> p.issuer()).distinct().toList()
                + ", snowflake " + config.snowflake().issuer()
                + ", rfc8693 " + java.util.stream.Stream.concat(java.util.stream.Stream.of(config.rfc8693().issuer()),
                        config.rfc8693().trustedIssuers().stream().map(t -> t.issuer())).toList());
    }
}
