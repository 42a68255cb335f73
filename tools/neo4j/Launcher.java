// Runs an embedded Neo4j Community DBMS with Bolt on 127.0.0.1:<port>, auth disabled.
// Usage: java -cp 'lib/*' Launcher.java <dataDir> <port>
// Prints "READY bolt://127.0.0.1:<port>" once started; shuts down cleanly on SIGTERM/SIGINT.
// Configured as a production server should be: LOAD CSV reads no local file (file URLs off) and
// reaches no address (every IPv4 and IPv6 range blocked), so a test server never serves /etc/passwd;
// litgraph's own guard refuses LOAD CSV before any server is asked (tests check its message).
// Environment (read here, not by Neo4j):
//   NEO4J_TEST_PAGECACHE  page cache size, e.g. 256m (default) or 2g
//   NEO4J_TEST_SETTINGS   further Neo4j settings, "name=value" separated by ';' or newlines, e.g.
//                         "db.checkpoint.interval.time=30m;db.tx_log.rotation.retention_policy=keep_none"

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import inet.ipaddr.IPAddressString;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

public class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java -cp 'lib/*' Launcher.java <dataDir> <port>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache())
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseInternalSettings.cypher_ip_blocklist,
                        List.of(new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")))
                // Throw-away test server: skip Bolt's 2 x 5 s Netty quiet period on shutdown (internal setting).
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        String settings = System.getenv().getOrDefault("NEO4J_TEST_SETTINGS", "").strip();
        if (!settings.isEmpty()) {
            // Neo4j parses and validates them as it would neo4j.conf (an unknown name fails the start).
            Path conf = Files.createTempFile("litgraph-neo4j-", ".conf");
            Files.writeString(conf, String.join("\n", settings.split("\\s*[;\\n]\\s*")) + "\n");
            conf.toFile().deleteOnExit();
            builder.loadPropertiesFromFile(conf);
            System.out.println("SETTINGS " + settings.replace('\n', ';'));
        }
        DatabaseManagementService dbms = builder.build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long t0 = System.nanoTime();
            System.out.println("STOPPING");
            dbms.shutdown();
            System.out.printf("STOPPED in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            stopped.countDown();
        }, "neo4j-shutdown"));

        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME); // fails fast if the default db did not start
        long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        System.out.printf("READY bolt://127.0.0.1:%d (JVM up %.1f s)%n", port, uptime / 1e3);
        stopped.await();
    }

    /** NEO4J_TEST_PAGECACHE: a byte size such as 512m or 2g (default 256m: small, for tests). */
    private static long pageCache() {
        String text = System.getenv().getOrDefault("NEO4J_TEST_PAGECACHE", "256m").strip().toLowerCase();
        long unit = switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1L;
        };
        String digits = unit == 1L ? text : text.substring(0, text.length() - 1);
        try {
            return Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            System.err.println("NEO4J_TEST_PAGECACHE: not a size such as 256m or 2g: " + text);
            System.exit(2);
            return 0;
        }
    }
}
