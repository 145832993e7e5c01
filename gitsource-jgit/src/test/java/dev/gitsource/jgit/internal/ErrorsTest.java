package dev.gitsource.jgit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.AuthenticationException;
import dev.gitsource.GitSourceException;
import dev.gitsource.GitTransportException;
import org.eclipse.jgit.errors.TransportException;
import org.junit.jupiter.api.Test;

/** Status codes are read from JGit's messages, never from the URL inside them. */
class ErrorsTest {
    private static GitSourceException translate(String jgitMessage) {
        // no size-limit exception here, so no config is consulted
        return Errors.translate(new TransportException(jgitMessage), "http://127.0.0.1/org/app.git", null, null);
    }

    @Test
    void aPortEndingIn407IsNotAProxyRefusal() {
        GitSourceException e = translate("http://127.0.0.1:44407/org/app.git: 500 Server Error");
        assertThat(e).isInstanceOf(GitTransportException.class);
        assertThat(((GitTransportException) e).retryable()).isTrue();
    }

    @Test
    void aPathSegmentIsNotAStatusCode() {
        assertThat(translate("http://127.0.0.1:8080/401/403/app.git: 502 Bad Gateway"))
                .isInstanceOf(GitTransportException.class);
        assertThat(translate("http://127.0.0.1:8080/500/app.git: 401 Unauthorized"))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void statusCodesOutsideTheUrlStillCount() {
        assertThat(translate("http://127.0.0.1:8080/org/app.git: 407 Proxy Authentication Required"))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("proxy");
        assertThat(translate("http://127.0.0.1:8080/org/app.git: 429 Too Many Requests"))
                .isInstanceOf(GitTransportException.class);
    }
}
