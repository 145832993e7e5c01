package dev.gitsource.testkit;

import java.net.URI;
import java.util.List;

/**
 * What a started server listens on: the HTTP(S) front, git:// and SSH, started in that order
 * and stopped together, with their ports, the HTTPS certificates and the SSH host keys. The
 * URLs and trust material a test hands its client come from here.
 */
final class Endpoints {
    private final ServerParts parts;
    private final HttpAuth auth;
    private final ServerBackend backend;
    // Set by start(), read by the URL methods on any thread.
    private volatile HttpFront http;
    private volatile Tls tls;
    private volatile int gitPort = -1;
    private volatile SshHostKeys sshKeys;
    private volatile int sshPort = -1;

    Endpoints(ServerParts parts, HttpAuth auth, ServerBackend backend) {
        this.parts = parts;
        this.auth = auth;
        this.backend = backend;
    }

    /** Starts each transport the spec asks for; the caller stops what started if one fails. */
    void start() throws Exception {
        ServerSpec spec = parts.spec();
        if (spec.http() || spec.https()) {
            tls = spec.https() ? new Tls() : null;
            HttpFront front = new HttpFront(parts, auth, backend.httpServlet(), tls);
            http = front;
            front.start();
            parts.lfsTickets().httpBase(front.httpPort() > 0 ? "http://127.0.0.1:" + front.httpPort()
                    : "https://127.0.0.1:" + front.httpsPort());
        }
        if (spec.git()) {
            gitPort = backend.startGitDaemon(spec.gitPort());
        }
        if (spec.ssh()) {
            sshKeys = SshHostKeys.generate(spec.backend() == GitServer.Backend.IN_JVM, spec.sshCertificatePrincipals());
            sshPort = backend.startSsh(sshKeys, spec.sshPort());
        }
    }

    /** Stops every listener and the backend's processes. */
    void stop() {
        HttpFront front = http;
        if (front != null) {
            try {
                front.stop();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
        backend.stop();
    }

    URI httpUrl(String repository) {
        HttpFront front = http;
        requireServed(front != null && front.httpPort() > 0, "http");
        return URI.create("http://127.0.0.1:" + front.httpPort() + "/" + repository + ".git");
    }

    URI httpsUrl(String repository) {
        HttpFront front = http;
        requireServed(front != null && front.httpsPort() > 0, "https");
        return URI.create("https://127.0.0.1:" + front.httpsPort() + "/" + repository + ".git");
    }

    URI sshUrl(String repository) {
        requireServed(sshPort > 0, "ssh");
        return URI.create("ssh://" + backend.sshUser() + "@127.0.0.1:" + sshPort + "/" + repository + ".git");
    }

    URI gitUrl(String repository) {
        requireServed(gitPort > 0, "git");
        return URI.create("git://127.0.0.1:" + gitPort + "/" + repository + ".git");
    }

    String caCertificatePem() {
        requireServed(tls != null, "https");
        try {
            return Tls.pem(tls.ca);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String[] clientCertificate(String commonName) {
        requireServed(tls != null, "https");
        try {
            return tls.clientCertificate(commonName);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> knownHostsLines() {
        requireServed(sshPort > 0, "ssh");
        return sshKeys.knownHostsLines(sshPort);
    }

    String certificateAuthorityLine() {
        requireServed(sshPort > 0, "ssh");
        return sshKeys.certificateAuthorityLine(sshPort);
    }

    private static void requireServed(boolean served, String transport) {
        if (!served) {
            throw new IllegalStateException(transport + " is not served: ask the builder for it");
        }
    }
}
