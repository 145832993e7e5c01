package dev.gitsource.jgit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;

/**
 * JGit's view of one {@link HttpURLConnection}. Ours rather than JGit's JDK connection because
 * a tunnel with proxy credentials needs its own socket factory on the underlying connection.
 */
final class JdkConnection implements HttpConnection {
    private final HttpURLConnection c;
    private final RetryAfter retryAfter;

    /**
     * @param c the connection
     * @param retryAfter told of a rate-limited answer's {@code Retry-After}, or null
     */
    JdkConnection(HttpURLConnection c, RetryAfter retryAfter) {
        this.c = c;
        this.retryAfter = retryAfter;
    }

    void socketFactory(SSLSocketFactory factory) {
        if (c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(factory);
        }
    }

    @Override
    public int getResponseCode() throws IOException {
        int status = c.getResponseCode();
        if (retryAfter != null) {
            retryAfter.seen(status, c.getHeaderField("Retry-After"));
        }
        return status;
    }

    @Override
    public URL getURL() {
        return c.getURL();
    }

    @Override
    public String getResponseMessage() throws IOException {
        return c.getResponseMessage();
    }

    @Override
    public Map<String, List<String>> getHeaderFields() {
        return c.getHeaderFields();
    }

    @Override
    public void setRequestProperty(String key, String value) {
        c.setRequestProperty(key, value);
    }

    @Override
    public void setRequestMethod(String method) throws ProtocolException {
        c.setRequestMethod(method);
    }

    @Override
    public void setUseCaches(boolean use) {
        c.setUseCaches(use);
    }

    @Override
    public void setConnectTimeout(int ms) {
        c.setConnectTimeout(ms);
    }

    @Override
    public void setReadTimeout(int ms) {
        c.setReadTimeout(ms);
    }

    @Override
    public String getContentType() {
        return c.getContentType();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return c.getInputStream();
    }

    @Override
    public String getHeaderField(String name) {
        return c.getHeaderField(name);
    }

    @Override
    public List<String> getHeaderFields(String name) {
        for (Map.Entry<String, List<String>> e : c.getHeaderFields().entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return List.of();
    }

    @Override
    public int getContentLength() {
        return c.getContentLength();
    }

    @Override
    public void setInstanceFollowRedirects(boolean follow) {
        c.setInstanceFollowRedirects(follow);
    }

    @Override
    public void setDoOutput(boolean out) {
        c.setDoOutput(out);
    }

    @Override
    public void setFixedLengthStreamingMode(int length) {
        c.setFixedLengthStreamingMode(length);
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return c.getOutputStream();
    }

    @Override
    public void setChunkedStreamingMode(int chunk) {
        c.setChunkedStreamingMode(chunk);
    }

    @Override
    public String getRequestMethod() {
        return c.getRequestMethod();
    }

    @Override
    public boolean usingProxy() {
        return c.usingProxy();
    }

    @Override
    public void connect() throws IOException {
        c.connect();
    }

    @Override
    public void configure(KeyManager[] km, TrustManager[] tm, java.security.SecureRandom random)
            throws java.security.NoSuchAlgorithmException, java.security.KeyManagementException {
        throw new UnsupportedOperationException("TLS is configured by HttpConnections");
    }

    @Override
    public void setHostnameVerifier(HostnameVerifier verifier) {
        // Hostnames are always verified: JGit asks for another verifier only when verification is off.
        throw new UnsupportedOperationException("hostname verification cannot be turned off");
    }
}
