package dev.gitsource.testkit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs C git's {@code git http-backend} as a CGI program for each request. */
final class CgiBridge extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Path root;
    private final transient UploadSettings settings;

    CgiBridge(Path root, UploadSettings settings) {
        this.root = root;
        this.settings = settings;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = pb.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_CONFIG_PARAMETERS", settings.gitConfigParameters());
        env.put("PATH_INFO", req.getRequestURI());
        env.put("REQUEST_METHOD", req.getMethod());
        env.put("QUERY_STRING", req.getQueryString() == null ? "" : req.getQueryString());
        env.put("REMOTE_ADDR", req.getRemoteAddr());
        env.put("REMOTE_USER", "gitsource");
        if (req.getContentType() != null) {
            env.put("CONTENT_TYPE", req.getContentType());
        }
        if (req.getHeader("Content-Encoding") != null) {
            env.put("HTTP_CONTENT_ENCODING", req.getHeader("Content-Encoding"));
        }
        if (req.getHeader("Git-Protocol") != null && settings.speaksV2(GitServer.Backend.C_GIT)) {
            env.put("GIT_PROTOCOL", req.getHeader("Git-Protocol"));
        }
        Process p = pb.start();
        byte[] body = req.getInputStream().readAllBytes();
        Thread writer = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(body);
            } catch (IOException ignored) {
                // the backend stopped reading; its output says why
            }
        }, "gitserver-cgi-stdin");
        writer.setDaemon(true);
        writer.start();
        Thread drain = new Thread(() -> {
            try (InputStream err = p.getErrorStream()) {
                err.transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // diagnostics only
            }
        }, "gitserver-cgi-stderr");
        drain.setDaemon(true);
        drain.start();
        try (InputStream out = p.getInputStream()) {
            readHeaders(out, res);
            out.transferTo(res.getOutputStream());
        } finally {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    private static void readHeaders(InputStream out, HttpServletResponse res) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = out.read()) >= 0) {
            if (c == '\n') {
                String h = line.toString(StandardCharsets.ISO_8859_1).strip();
                line.reset();
                if (h.isEmpty()) {
                    return;
                }
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    res.setStatus(Integer.parseInt(value.split(" ")[0]));
                } else {
                    res.addHeader(name, value);
                }
            } else {
                line.write(c);
            }
        }
    }
}
