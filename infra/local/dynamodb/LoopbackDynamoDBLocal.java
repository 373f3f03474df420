import java.io.IOException;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local bound to 127.0.0.1 only. The stock launcher binds
 * every interface and has no option to change that, so this sets the host on
 * its Jetty connector before the server starts. Arguments are DynamoDB
 * Local's own (-port, -inMemory, -dbPath, -disableTelemetry, ...).
 *
 * With -Dvetted.exitWithParent=true it exits when its standard input closes:
 * the runtime that started it holds the other end, so even a runtime killed
 * with SIGKILL leaves no DynamoDB Local behind on its data directory.
 */
public class LoopbackDynamoDBLocal {
  public static void main(String[] args) throws Exception {
    if (Boolean.getBoolean("vetted.exitWithParent")) exitWhenStdinCloses();
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field serverField = DynamoDBProxyServer.class.getDeclaredField("server");
    serverField.setAccessible(true);
    Server server = (Server) serverField.get(proxy);
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof ServerConnector serverConnector) {
        serverConnector.setHost("127.0.0.1");
      }
    }
    proxy.start();
    System.out.println("DynamoDB Local listening on 127.0.0.1");
    proxy.join();
  }

  private static void exitWhenStdinCloses() {
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // The runtime never writes; anything read is ignored.
        }
      } catch (IOException ignored) {
        // A broken pipe means the same as end of input.
      }
      System.exit(0);
    }, "vetted-parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
