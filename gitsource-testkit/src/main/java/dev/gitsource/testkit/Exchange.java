package dev.gitsource.testkit;

import java.util.ArrayList;
import java.util.List;

/** What is learned about one request while serving it; becomes a {@link RecordedRequest}. */
final class Exchange {
    String transport;
    String service;
    String command;
    String repository;
    int protocolVersion;
    String authScheme;
    String user;
    int status = 200;
    final List<String> refPrefixes = new ArrayList<>();
    final List<String> wants = new ArrayList<>();
    int deepen;
    String filter;
    final List<String> shallows = new ArrayList<>();
    final List<String> pushedRefs = new ArrayList<>();
    final List<String> pushOptions = new ArrayList<>();
    long bytesSent;

    Exchange(String transport) {
        this.transport = transport;
    }

    synchronized RecordedRequest record() {
        return new RecordedRequest(transport, service, command, repository, protocolVersion, authScheme, user, status,
                refPrefixes, wants.stream().distinct().toList(), deepen, shallows, pushedRefs, pushOptions, bytesSent, filter);
    }

    /**
     * Reads the pkt-lines of a request body: protocol v2 commands and arguments, v0/v1
     * wants, filter and shallow lines, and a push's ref updates and options.
     */
    synchronized void parseBody(byte[] body) {
        int at = 0;
        boolean push = "git-receive-pack".equals(service);
        if (push) {
            command = "push";
        }
        boolean afterFlush = false;
        while (at + 4 <= body.length) {
            int len;
            try {
                len = Integer.parseInt(new String(body, at, 4, java.nio.charset.StandardCharsets.US_ASCII), 16);
            } catch (NumberFormatException e) {
                break; // the pack
            }
            if (len < 4) {
                at += 4;
                if (len == 0) {
                    if (push && afterFlush) {
                        break;
                    }
                    afterFlush = true;
                }
                continue;
            }
            if (at + len > body.length) {
                break;
            }
            String line = new String(body, at + 4, len - 4, java.nio.charset.StandardCharsets.UTF_8);
            at += len;
            int nul = line.indexOf('\0');
            if (nul >= 0) {
                line = line.substring(0, nul);
            }
            line = line.strip();
            if (push) {
                if (afterFlush) {
                    pushOptions.add(line);
                } else {
                    pushedRefs.add(line);
                }
                continue;
            }
            if (line.startsWith("command=")) {
                command = line.substring("command=".length());
            } else if (line.startsWith("ref-prefix ")) {
                refPrefixes.add(line.substring("ref-prefix ".length()));
            } else if (line.startsWith("want ")) {
                wants.add(line.substring(5, Math.min(line.length(), 45)));
            } else if (line.startsWith("filter ")) {
                filter = line.substring("filter ".length());
            } else if (line.startsWith("shallow ")) {
                shallows.add(line.substring(8));
            } else if (line.startsWith("deepen ")) {
                try {
                    deepen = Integer.parseInt(line.substring(7).trim());
                } catch (NumberFormatException e) {
                    // deepen-since and deepen-not are not depths
                }
            }
        }
        if (command == null) {
            command = "fetch";
        }
    }
}
