package dev.gitsource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.auth.FluxSecret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing the parsers that see remote or user input: whatever the text, the only exception
 * is {@link IllegalArgumentException}, every call returns within a second, and what parses
 * survives a round trip.
 */
class ParserPropertiesTest {
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parser-fuzz");
        t.setDaemon(true);
        return t;
    });

    @AfterContainer
    static void stop() {
        WORKER.shutdownNow();
    }

    /** The parse's result, or empty when it refused the input with an IllegalArgumentException. */
    private static <T> Optional<T> parse(String input, Supplier<T> parse) {
        Future<T> f = WORKER.submit(parse::get);
        try {
            return Optional.ofNullable(f.get(1, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("no answer within a second for " + escape(input));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException) {
                return Optional.empty();
            }
            throw new AssertionError("unexpected " + e.getCause() + " for " + escape(input), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().limit(200).forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c)
                : String.valueOf((char) c)));
        return b.append('"').toString();
    }

    /** Anything, with the characters that break parsers over-represented. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> tricky = Arbitraries.strings().withChars("@:/^~{}[]<>=!*.x-+|,v0123456789abcdef \t\n\r\0\u0001\u00ff\u2028")
                .ofMaxLength(120);
        return Arbitraries.oneOf(any, tricky);
    }

    /** Pieces of valid input put together in odd ways. */
    @Provide
    Arbitrary<String> nearlyRevisions() {
        Arbitrary<String> piece = Arbitraries.of("main", "refs/heads/main", "v1.2.3", "@sha1:", "sha1:", "/",
                "0123456789abcdef0123456789abcdef01234567", "@", "..", "HEAD", "refs/tags/v1", "^{}", ":", "");
        return piece.list().ofMaxSize(6).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> nearlyRanges() {
        Arbitrary<String> piece = Arbitraries.of(">=", "<", "~", "^", "1", "1.2", "1.2.3", "x", "*", "-", " ", "||",
                "v", "0", "99999999999999999999", "-rc.1", "+build", ",", " - ", ".");
        return piece.list().ofMaxSize(10).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> nearlyKnownHosts() {
        Arbitrary<String> piece = Arbitraries.of("github.com", "[127.0.0.1]:2222", "|1|c2FsdA==|aGFzaA==", "@revoked",
                "@cert-authority", "*.example.com", "!bad", ",", " ", "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256",
                "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl", "AAAA", "#", "\n", "=", "\t");
        return piece.list().ofMaxSize(12).map(l -> String.join("", l));
    }

    @Property(tries = 1000)
    void revisions(@ForAll("text") String any, @ForAll("nearlyRevisions") String nearly) {
        for (String s : new String[] {any, nearly}) {
            parse(s, () -> Revision.parse(s)).ifPresent(r ->
                    assertThat(Revision.parse(r.toString())).as("round trip of %s", escape(s)).isEqualTo(r));
        }
    }

    @Property(tries = 1000)
    void semverRangesAndVersions(@ForAll("text") String any, @ForAll("nearlyRanges") String nearly,
            @ForAll("nearlyRanges") String version) {
        for (String s : new String[] {any, nearly}) {
            Optional<SemverRange> range = parse(s, () -> SemverRange.parse(s));
            parse(version, () -> SemanticVersion.tryParse(version)).flatMap(v -> v).ifPresent(v -> {
                assertThat(SemanticVersion.parse(v.toString())).isEqualTo(v);
                assertThat(v.compareTo(v)).isZero();
                range.ifPresent(r -> parse(s + " / " + version, () -> r.matches(v)));
            });
        }
    }

    @Property(tries = 1000)
    void knownHosts(@ForAll("text") String any, @ForAll("nearlyKnownHosts") String nearly) {
        parse(any, () -> KnownHosts.parse(any));
        parse(nearly, () -> KnownHosts.parse(nearly)).ifPresent(k -> assertThat(k.entries()).isNotNull());
    }

    @Property(tries = 1000)
    void refNamesBranchesTagsAndRefspecs(@ForAll("text") String any, @ForAll("nearlyRevisions") String nearly) {
        for (String s : new String[] {any, nearly}) {
            parse(s, () -> CheckoutTarget.branch(s));
            parse(s, () -> CheckoutTarget.tag(s));
            parse(s, () -> CheckoutTarget.refName(s));
            parse(s, () -> CheckoutTarget.semver(s));
            parse(s, () -> CheckoutTarget.commit(s));
            parse(s, () -> PushOptions.builder().refspec(s).build());
            parse(s, () -> PushOptions.builder().option(s).build());
        }
    }

    @Property(tries = 500)
    void remoteUrlsAreRedactedWithoutFailing(@ForAll("text") String any,
            @ForAll("nearlyRevisions") String path) {
        String url = "https://user:pw-secret@" + any + "/" + path;
        parse(url, () -> Redaction.redact(url));
        parse(url, () -> Redaction.redact(URI.create(url))).ifPresent(r -> assertThat(r).doesNotContain("pw-secret"));
    }

    @Provide
    Arbitrary<Map<String, byte[]>> secrets() {
        Arbitrary<String> key = Arbitraries.of("username", "password", "bearerToken", "identity", "known_hosts", "ca.crt",
                "caFile", "tls.crt", "tls.key", "githubAppID", "githubAppInstallationID", "githubAppInstallationOwner",
                "githubAppPrivateKey", "githubAppBaseURL", "other");
        Arbitrary<byte[]> value = Combinators.combine(text(), Arbitraries.of(true, false))
                .as((t, pem) -> (pem ? "-----BEGIN OPENSSH PRIVATE KEY-----\n" + t + "\n-----END OPENSSH PRIVATE KEY-----\n"
                        : t).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.maps(key, value).ofMaxSize(5);
    }

    @Property(tries = 500)
    void fluxSecrets(@ForAll("secrets") Map<String, byte[]> data, @ForAll boolean ssh) {
        URI remote = URI.create(ssh ? "ssh://git@127.0.0.1/org/app.git" : "https://127.0.0.1/org/app.git");
        parse(data.keySet().toString(), () -> FluxSecret.configure(GitSource.builder().timeout(Duration.ofSeconds(5)),
                remote, data));
    }
}
