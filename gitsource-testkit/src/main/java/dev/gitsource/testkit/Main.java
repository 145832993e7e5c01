package dev.gitsource.testkit;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A standalone server for offline work: {@code gitsource serve DIR [--http PORT]
 * [--ssh PORT --ssh-key AUTHORIZED_KEYS] [--git PORT] [--user USER (--password-env VAR | --password-file FILE)]}
 * (port 0: any free port). Serves the bare repositories under DIR (pushes create new
 * ones), prints the URLs and the known_hosts line, and runs until interrupted. The password is
 * never taken from the command line, where {@code ps} would show it.
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
            usage("a directory is needed");
        }
        GitServer.Builder b = GitServer.builder().root(Path.of(args[0])).http().autoCreate(true);
        int http = 0;
        int ssh = 0;
        int git = 0;
        String user = null;
        String password = null;
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
                    user = args[++i];
                    if (user.contains(":")) {
                        usage("--user takes only the user name; the password comes from --password-env or --password-file");
                    }
                }
                case "--password-env" -> {
                    String name = args[++i];
                    password = System.getenv(name);
                    if (password == null) {
                        usage("environment variable " + name + " is not set");
                    }
                }
                case "--password-file" -> password = java.nio.file.Files.readString(Path.of(args[++i])).strip();
                default -> usage("unknown option " + args[i]);
            }
        }
        if (user != null && password == null) {
            usage("--user needs --password-env VAR or --password-file FILE");
        }
        if (user == null && password != null) {
            usage("a password needs --user");
        }
        if (user != null) {
            b.basicAuth(user, password);
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

    private static void usage(String problem) {
        System.err.println("serve: " + problem);
        System.err.println("usage: serve DIR [--http PORT] [--ssh PORT --ssh-key FILE] [--git PORT]"
                + " [--user USER (--password-env VAR | --password-file FILE)]");
        System.exit(2);
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
