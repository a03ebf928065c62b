package dev.tokenbroker.mcp;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the gateway until SIGTERM / Ctrl-C. The client secret comes from the environment
 * ({@code MCP_GATEWAY_CLIENT_SECRET}), never from the command line where {@code ps} would show it.
 */
public final class GatewayMain {

    static final String USAGE = """
            usage: java -jar tokenbroker-mcp-gateway.jar [options]
              --port <n>               8095
              --bind <addr>            127.0.0.1
              --resource <uri>         http://localhost:<port>/mcp   canonical URI (the aud tokens must carry)
              --issuer <url>           http://localhost:8080/realms/acme
              --client-id <id>         mcp-gateway   (secret: environment MCP_GATEWAY_CLIENT_SECRET)
              --platforms <url>        http://127.0.0.1:8090   the platform emulators' base URL
              --databricks-warehouse <id>  acme-warehouse
              --corporate-userinfo <url>   http://localhost:8080/realms/corporate/protocol/openid-connect/userinfo
              --allowed-origin <origin>    a browser origin to accept besides the resource's own (repeatable)
            """;

    private GatewayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        GatewayConfig config;
        try {
            config = parse(args, System.getenv("MCP_GATEWAY_CLIENT_SECRET"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        GatewayServer server = GatewayServer.start(config);
        System.out.println("MCP gateway on " + config.resource() + " (resource metadata " + config.metadataUri()
                + "), authorization server " + config.issuer());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    static GatewayConfig parse(String[] args, String secret) {
        int port = 8095;
        String bind = "127.0.0.1";
        String resource = null;
        String issuer = "http://localhost:8080/realms/acme";
        String clientId = "mcp-gateway";
        String platforms = "http://127.0.0.1:8090";
        String warehouse = "acme-warehouse";
        String corporateUserInfo = "http://localhost:8080/realms/corporate/protocol/openid-connect/userinfo";
        List<String> origins = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("-h") || option.equals("--help")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> port = Integer.parseInt(value);
                case "--bind" -> bind = value;
                case "--resource" -> resource = value;
                case "--issuer" -> issuer = value;
                case "--client-id" -> clientId = value;
                case "--platforms" -> platforms = value;
                case "--databricks-warehouse" -> warehouse = value;
                case "--corporate-userinfo" -> corporateUserInfo = value;
                case "--allowed-origin" -> origins.add(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("set MCP_GATEWAY_CLIENT_SECRET to the secret of client " + clientId);
        }
        return new GatewayConfig(bind, port, URI.create(resource != null ? resource : "http://localhost:" + port + "/mcp"),
                URI.create(trimSlash(issuer)), clientId, secret, URI.create(trimSlash(platforms)), warehouse,
                URI.create(corporateUserInfo), origins);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
