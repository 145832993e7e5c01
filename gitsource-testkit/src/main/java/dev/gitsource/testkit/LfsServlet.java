package dev.gitsource.testkit;

import com.fasterxml.jackson.jr.ob.JSON;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Git LFS API of a server's repositories at {@code /<repo>[.git]/info/lfs}: the batch API
 * ({@code download} and {@code upload}, transfer {@code basic}), object downloads ({@code GET
 * objects/<oid>}) and uploads ({@code PUT objects/<oid>}, checked against the oid). Enough for
 * {@code git lfs push} and {@code git lfs pull}; no locking API (404, which git-lfs accepts).
 * Authentication, recording and faults are the {@link HttpFront}'s, as for Git requests.
 */
final class LfsServlet {
    static final String MEDIA_TYPE = "application/vnd.git-lfs+json";
    private final RepositoryStore repositories;

    LfsServlet(RepositoryStore repositories) {
        this.repositories = repositories;
    }

    /** @return the LFS command of a path under {@code /info/lfs/}: batch, download, upload or other */
    static String command(String method, String lfsPath) {
        if (lfsPath.equals("objects/batch")) {
            return "batch";
        }
        if (lfsPath.startsWith("objects/") && LfsStore.OID.matcher(lfsPath.substring(8)).matches()) {
            return "GET".equals(method) ? "download" : "PUT".equals(method) ? "upload" : "other";
        }
        return lfsPath.startsWith("locks") ? "locks" : "other";
    }

    /**
     * @param repository such as {@code org/app}
     * @param lfsPath the path after {@code /info/lfs/}
     * @param body the request body of a batch, already read
     * @param corrupt send objects with one byte changed
     * @param missing answer every batch object with error 404
     */
    void serve(HttpServletRequest req, HttpServletResponse res, Exchange ex, String repository, String lfsPath,
            byte[] body, boolean corrupt, boolean missing) throws IOException {
        Path repo = repositories.root().resolve(repository + ".git");
        if (!Files.isDirectory(repo)) {
            send(res, 404, Map.of("message", "no repository " + repository));
            return;
        }
        switch (ex.command) {
            case "batch" -> batch(req, res, ex, repo, body, missing);
            case "download" -> download(res, ex, repo, lfsPath.substring(8), corrupt);
            case "upload" -> upload(req, res, ex, repo, lfsPath.substring(8));
            default -> send(res, 404, Map.of("message", "not served by the test kit: " + lfsPath));
        }
    }

    private void batch(HttpServletRequest req, HttpServletResponse res, Exchange ex, Path repo, byte[] body,
            boolean missing) throws IOException {
        Map<String, Object> request;
        try {
            request = JSON.std.mapFrom(body);
        } catch (IOException e) {
            send(res, 422, Map.of("message", "not JSON"));
            return;
        }
        String operation = String.valueOf(request.get("operation"));
        if (!operation.equals("download") && !operation.equals("upload")) {
            send(res, 422, Map.of("message", "unknown operation " + operation));
            return;
        }
        String base = req.getRequestURL().toString().replaceFirst("/objects/batch$", "");
        // as LFS servers hand out credentials for their hrefs: here the ones the batch request carried
        String authorization = req.getHeader("Authorization");
        List<Object> objects = new ArrayList<>();
        for (Object o : request.get("objects") instanceof List<?> l ? l : List.of()) {
            Map<?, ?> object = (Map<?, ?>) o;
            String oid = String.valueOf(object.get("oid"));
            long size = object.get("size") instanceof Number n ? n.longValue() : -1;
            synchronized (ex) {
                ex.wants.add(oid);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("oid", oid);
            answer.put("size", size);
            Path file = LfsStore.OID.matcher(oid).matches() ? LfsStore.file(repo, oid) : null;
            boolean have = file != null && Files.isRegularFile(file) && Files.size(file) == size;
            if (operation.equals("download") && (!have || missing)) {
                answer.put("error", Map.of("code", 404, "message", "Object does not exist"));
            } else if (operation.equals("download")) {
                answer.put("actions", Map.of("download", action(base + "/objects/" + oid, authorization)));
            } else if (!have && file != null) {
                answer.put("actions", Map.of("upload", action(base + "/objects/" + oid, authorization)));
            }
            if (authorization != null && answer.containsKey("actions")) {
                answer.put("authenticated", true); // the action's header carries the credentials
            }
            objects.add(answer);
        }
        send(res, 200, Map.of("transfer", "basic", "objects", objects, "hash_algo", "sha256"));
    }

    private static Map<String, Object> action(String href, String authorization) {
        return authorization == null ? Map.of("href", href)
                : Map.of("href", href, "header", Map.of("Authorization", authorization));
    }

    private void download(HttpServletResponse res, Exchange ex, Path repo, String oid, boolean corrupt)
            throws IOException {
        synchronized (ex) {
            ex.wants.add(oid);
        }
        Path file = LfsStore.file(repo, oid);
        if (!Files.isRegularFile(file)) {
            send(res, 404, Map.of("message", "Object does not exist"));
            return;
        }
        res.setStatus(200);
        res.setContentType("application/octet-stream");
        try (InputStream in = Files.newInputStream(file); OutputStream out = res.getOutputStream()) {
            byte[] buf = new byte[64 * 1024];
            boolean first = true;
            for (int n; (n = in.read(buf)) > 0; ) {
                if (first && corrupt) {
                    buf[0] ^= 0x01; // the same length, another SHA-256
                }
                first = false;
                out.write(buf, 0, n);
            }
        }
    }

    private void upload(HttpServletRequest req, HttpServletResponse res, Exchange ex, Path repo, String oid)
            throws IOException {
        synchronized (ex) {
            ex.wants.add(oid);
        }
        if (!LfsStore.put(repo, oid, req.getInputStream())) {
            send(res, 422, Map.of("message", "the content's SHA-256 is not " + oid));
            return;
        }
        res.setStatus(200);
    }

    private static void send(HttpServletResponse res, int status, Map<String, Object> json) throws IOException {
        res.setStatus(status);
        res.setContentType(MEDIA_TYPE);
        res.getOutputStream().write(JSON.std.asBytes(json));
    }
}
