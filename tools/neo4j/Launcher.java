// Runs an embedded Neo4j Community DBMS with Bolt on 127.0.0.1:<port>, auth disabled.
// Usage: java -cp 'lib/*' Launcher.java <dataDir> <port>
// Prints "READY bolt://127.0.0.1:<port>" once started; shuts down cleanly on SIGTERM/SIGINT.

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

public class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java -cp 'lib/*' Launcher.java <dataDir> <port>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                // Throw-away test server: skip Bolt's 2 x 5 s Netty quiet period on shutdown (internal setting).
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();

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
}
