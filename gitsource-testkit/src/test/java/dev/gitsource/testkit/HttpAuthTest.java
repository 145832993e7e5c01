package dev.gitsource.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Deciding an Authorization header, and what the record keeps of it (never the secret). */
class HttpAuthTest {
    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutChecksAnyoneMayAndTheSchemeIsStillRecorded() {
        HttpAuth auth = new HttpAuth(null, null, null);
        Exchange ex = new Exchange("http");
        assertThat(auth.authorize(null, ex)).isTrue();
        assertThat(auth.authorize("Bearer t", ex)).isTrue();
        assertThat(ex.authScheme).isEqualTo("Bearer");
        Exchange basic = new Exchange("http");
        assertThat(auth.authorize(basic("token-as-user:"), basic)).isTrue();
        assertThat(basic.user).as("the basic user is recorded where none is required").isEqualTo("token-as-user");
        Exchange garbled = new Exchange("http");
        assertThat(auth.authorize("Basic %%%", garbled)).isTrue();
        assertThat(garbled.user).as("not base64: no user").isNull();
    }

    @Test
    void basicNeedsTheUserAndAPasswordThatPassesTheCheck() {
        HttpAuth auth = new HttpAuth("bot", p -> p.startsWith("ok"), null);
        Exchange ex = new Exchange("http");
        assertThat(auth.authorize(basic("bot:ok-1"), ex)).isTrue();
        assertThat(ex.user).isEqualTo("bot");
        assertThat(ex.authScheme).isEqualTo("Basic");
        assertThat(auth.authorize(basic("bot:bad"), new Exchange("http"))).isFalse();
        Exchange other = new Exchange("http");
        assertThat(auth.authorize(basic("eve:ok-1"), other)).isFalse();
        assertThat(other.user).isEqualTo("eve");
        assertThat(auth.authorize(basic("bot"), new Exchange("http"))).as("no colon").isFalse();
        assertThat(auth.authorize("Basic %%%", new Exchange("http"))).as("not base64").isFalse();
        assertThat(auth.authorize(null, new Exchange("http"))).isFalse();
        assertThat(auth.authorize("Bearer ok", new Exchange("http"))).isFalse();
        assertThat(auth.challenge()).startsWith("Basic ");
    }

    @Test
    void bearerTokensAndRotation() {
        HttpAuth auth = new HttpAuth("bot", "old"::equals, "tok-1"::equals);
        assertThat(auth.challenge()).startsWith("Bearer ");
        assertThat(auth.authorize("Bearer tok-1", new Exchange("http"))).isTrue();
        assertThat(auth.authorize(basic("bot:old"), new Exchange("http"))).as("both kinds accepted").isTrue();
        auth.acceptOnlyBearer("tok-2");
        assertThat(auth.authorize("Bearer tok-1", new Exchange("http"))).isFalse();
        assertThat(auth.authorize("Bearer tok-2", new Exchange("http"))).isTrue();
        auth.acceptOnlyBasic("bot", "new");
        assertThat(auth.authorize(basic("bot:old"), new Exchange("http"))).isFalse();
        assertThat(auth.authorize(basic("bot:new"), new Exchange("http"))).isTrue();
        assertThat(auth.authorize("Bearer tok-2", new Exchange("http"))).as("the token stays").isTrue();
    }
}
