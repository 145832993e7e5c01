package dev.gitsource.testkit;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A standalone server for offline work: {@code gitsource serve DIR [--http PORT]
 * [--ssh PORT --ssh-key AUTHORIZED_KEYS] [--git PORT] [--user U:P]} (port 0: any free port). Serves the bare repositories under DIR (pushes create new
 * ones), prints the URLs and the known_hosts line, and runs until interrupted.
 */
public final class Main {
    private Main() {}

    /**
     * @param args the command line
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        run(args).await();
    }

    /**
     * Starts the server and returns a latch released when it stops (on interrupt or exit).
     *
     * @param args the command line
     * @return released when the server has stopped
     * @throws Exception if it cannot start
     */
    public static CountDownLatch run(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println("usage: serve DIR [--http PORT] [--ssh PORT --ssh-key FILE] [--git PORT] [--user USER:PASSWORD]");
            System.exit(2);
        }
        GitServer.Builder b = GitServer.builder().root(Path.of(args[0])).http().autoCreate(true);
        int http = 0;
        int ssh = 0;
        int git = 0;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--http" -> http = Integer.parseInt(args[++i]);
                case "--ssh" -> {
                    b.ssh();
                    ssh = Integer.parseInt(args[++i]);
                }
                case "--ssh-key" -> {
                    for (String line : java.nio.file.Files.readAllLines(Path.of(args[++i]))) {
                        if (!line.isBlank()) {
                            b.sshPublicKey(line);
                        }
                    }
                }
                case "--git" -> {
                    b.git();
                    git = Integer.parseInt(args[++i]);
                }
                case "--user" -> {
                    String[] up = args[++i].split(":", 2);
                    b.basicAuth(up[0], up.length > 1 ? up[1] : "");
                }
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        b.ports(http, ssh, git);
        GitServer server = b.start();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            done.countDown();
        }));
        System.out.println(serverInfo(server));
        System.out.flush();
        return done;
    }

    static String serverInfo(GitServer server) {
        StringBuilder sb = new StringBuilder("serving " + server.root() + "\n");
        sb.append("  http: ").append(server.httpUrl("REPO")).append('\n');
        try {
            sb.append("  git:  ").append(server.gitUrl("REPO")).append('\n');
        } catch (IllegalStateException e) {
            // not served
        }
        try {
            sb.append("  ssh:  ").append(server.sshUrl("REPO")).append('\n');
            sb.append("  known_hosts: ").append(server.knownHostsLine()).append('\n');
        } catch (IllegalStateException e) {
            // not served
        }
        return sb.toString();
    }
}
