package dev.gitsource.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Who may use a server over HTTP(S): one basic user whose password passes a check, bearer
 * tokens that pass a check, both, or (with neither) anyone. A test may change them while the
 * server runs, as when a token is rotated; the checks run on the server's threads.
 */
final class HttpAuth {
    /** One reference, so a request never sees half of a change. */
    private record Checks(String basicUser, Predicate<String> basicPassword, Predicate<String> bearerToken) {}

    private volatile Checks checks;

    HttpAuth(String basicUser, Predicate<String> basicPassword, Predicate<String> bearerToken) {
        checks = new Checks(basicUser, basicPassword, bearerToken);
    }

    /** From now on only this user and password pass basic authentication. */
    void acceptOnlyBasic(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        checks = new Checks(user, password::equals, checks.bearerToken);
    }

    /** From now on only this bearer token passes. */
    void acceptOnlyBearer(String token) {
        Objects.requireNonNull(token, "token");
        Checks c = checks;
        checks = new Checks(c.basicUser, c.basicPassword, token::equals);
    }

    /**
     * Decides a request and notes on its record the scheme and the user it claimed (never the
     * secret). The basic user is recorded even where no credentials are required, so a test can
     * see what reached this server.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param exchange the request's record
     * @return whether the request may go on
     */
    boolean authorize(String authorization, Exchange exchange) {
        String decoded = null;
        if (authorization != null) {
            int sp = authorization.indexOf(' ');
            exchange.authScheme = sp < 0 ? authorization : authorization.substring(0, sp);
            if (authorization.startsWith("Basic ")) {
                decoded = basicCredentials(authorization.substring(6).trim());
                if (decoded != null) {
                    int colon = decoded.indexOf(':');
                    exchange.user = colon < 0 ? decoded : decoded.substring(0, colon);
                }
            }
        }
        Checks c = checks;
        if (c.basicUser == null && c.bearerToken == null) {
            return true;
        }
        if (authorization == null) {
            return false;
        }
        if (c.bearerToken != null && authorization.startsWith("Bearer ")) {
            return c.bearerToken.test(authorization.substring("Bearer ".length()));
        }
        if (c.basicUser != null && authorization.startsWith("Basic ")) {
            if (decoded == null) {
                return false; // not base64: refused like a wrong password, not a server error
            }
            int colon = decoded.indexOf(':');
            return colon >= 0 && exchange.user.equals(c.basicUser) && c.basicPassword.test(decoded.substring(colon + 1));
        }
        return false;
    }

    /** @return the decoded {@code user:password} of a basic header, or null if it is not base64 */
    private static String basicCredentials(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** @return the {@code WWW-Authenticate} value of a 401: bearer when tokens are accepted */
    String challenge() {
        return checks.bearerToken != null ? "Bearer realm=\"gitsource\"" : "Basic realm=\"gitsource\"";
    }
}
