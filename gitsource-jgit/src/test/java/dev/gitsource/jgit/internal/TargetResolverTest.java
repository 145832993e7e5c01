package dev.gitsource.jgit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.RefNotFoundException;
import dev.gitsource.UnsafeContentException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.SymbolicRef;
import org.junit.jupiter.api.Test;

/** The pure part of a clone: targets and advertised refs in, what to fetch out. No server. */
class TargetResolverTest {
    static final String A = "1111111111111111111111111111111111111111";
    static final String B = "2222222222222222222222222222222222222222";
    static final String T = "3333333333333333333333333333333333333333";
    final TargetResolver resolver = new TargetResolver("https://example.com/org/app.git");

    static Map<String, Ref> advertised() {
        Map<String, Ref> refs = new HashMap<>();
        Ref main = new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, "refs/heads/main", ObjectId.fromString(A));
        refs.put("refs/heads/main", main);
        refs.put("HEAD", new SymbolicRef("HEAD", main));
        refs.put("refs/tags/v1.0.0", new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, "refs/tags/v1.0.0",
                ObjectId.fromString(B)));
        refs.put("refs/tags/v1.1.0", new ObjectIdRef.PeeledTag(Ref.Storage.NETWORK, "refs/tags/v1.1.0",
                ObjectId.fromString(T), ObjectId.fromString(A)));
        refs.put("refs/pull/7/head", new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, "refs/pull/7/head",
                ObjectId.fromString(B)));
        return refs;
    }

    ResolvedTarget resolve(CheckoutTarget t) {
        return resolver.resolve(t, advertised());
    }

    @Test
    void everyKindResolvesToItsRefCommitAndRevision() {
        assertThat(resolve(CheckoutTarget.head())).satisfies(r -> {
            assertThat(r.refName()).isEqualTo("refs/heads/main");
            assertThat(r.branch()).isEqualTo("main");
            assertThat(r.revision()).hasToString("main@sha1:" + A);
        });
        assertThat(resolve(CheckoutTarget.branch("main")).commit().name()).isEqualTo(A);
        assertThat(resolve(CheckoutTarget.tag("v1.0.0")).revision()).hasToString("v1.0.0@sha1:" + B);
        ResolvedTarget annotated = resolve(CheckoutTarget.tag("v1.1.0"));
        assertThat(annotated.commit().name()).isEqualTo(A); // peeled
        assertThat(annotated.tag()).isNotNull();
        assertThat(annotated.branch()).isNull();
        assertThat(resolve(CheckoutTarget.semver(">=1.0.0")).revision()).hasToString("v1.1.0@sha1:" + A);
        assertThat(resolve(CheckoutTarget.refName("refs/pull/7/head")).revision())
                .hasToString("refs/pull/7/head@sha1:" + B);
        ResolvedTarget bare = resolver.resolve(CheckoutTarget.commit(B), Map.of());
        assertThat(bare.refName()).isNull();
        assertThat(bare.revision()).hasToString("sha1:" + B);
        ResolvedTarget onBranch = resolve(CheckoutTarget.commit(B, "main"));
        assertThat(onBranch.revision()).hasToString("main@sha1:" + B);
        assertThat(onBranch.branchTip().name()).isEqualTo(A);
    }

    @Test
    void eachKindAsksForItsOwnPrefixOnly() {
        assertThat(TargetResolver.prefixes(CheckoutTarget.commit(A))).isEmpty();
        assertThat(TargetResolver.prefixes(CheckoutTarget.commit(A, "main"))).containsExactly("refs/heads/main");
        assertThat(TargetResolver.prefixes(CheckoutTarget.branch("dev"))).containsExactly("refs/heads/dev");
        assertThat(TargetResolver.prefixes(CheckoutTarget.tag("v1"))).containsExactly("refs/tags/v1");
        assertThat(TargetResolver.prefixes(CheckoutTarget.semver("1.x"))).containsExactly("refs/tags/");
        assertThat(TargetResolver.prefixes(CheckoutTarget.refName("refs/pull/1/head")))
                .containsExactly("refs/pull/1/head");
        assertThat(TargetResolver.prefixes(CheckoutTarget.head())).containsExactly("HEAD");
    }

    /** A new permitted kind fails this test until the resolver and the recorded form handle it. */
    @Test
    void everyPermittedKindIsHandled() {
        List<CheckoutTarget> samples = List.of(CheckoutTarget.head(), CheckoutTarget.branch("main"),
                CheckoutTarget.tag("v1.0.0"), CheckoutTarget.semver(">=1"), CheckoutTarget.commit(A),
                CheckoutTarget.refName("refs/pull/7/head"));
        assertThat(samples.stream().map(Object::getClass).distinct())
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(CheckoutTarget.class.getPermittedSubclasses()));
        for (CheckoutTarget t : samples) {
            assertThat(resolve(t)).isNotNull();
            assertThat(RepositoryLayout.decode(RepositoryLayout.encode(t))).isEqualTo(t);
        }
        CheckoutTarget withBranch = CheckoutTarget.commit(A, "main");
        assertThat(RepositoryLayout.decode(RepositoryLayout.encode(withBranch))).isEqualTo(withBranch);
    }

    @Test
    void missingRefsAreTypedAndListWhatWasSeen() {
        assertThatThrownBy(() -> resolve(CheckoutTarget.branch("nope"))).isInstanceOf(RefNotFoundException.class)
                .hasMessageContaining("refs/heads/nope");
        assertThatThrownBy(() -> resolve(CheckoutTarget.commit(A, "nope"))).isInstanceOf(RefNotFoundException.class);
        assertThatThrownBy(() -> resolve(CheckoutTarget.semver(">=2"))).isInstanceOf(RefNotFoundException.class)
                .satisfies(e -> assertThat(((RefNotFoundException) e).seen()).contains("v1.0.0", "v1.1.0"));
        assertThatThrownBy(() -> resolver.resolve(CheckoutTarget.head(), Map.of()))
                .isInstanceOf(RefNotFoundException.class).hasMessageContaining("no HEAD");
    }

    @Test
    void aHeadNamingAnInvalidRefIsRefused() {
        Ref bad = new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, "refs/heads/a..b", ObjectId.fromString(A));
        Map<String, Ref> refs = Map.of("HEAD", new SymbolicRef("HEAD", bad));
        assertThatThrownBy(() -> resolver.resolve(CheckoutTarget.head(), refs))
                .isInstanceOf(UnsafeContentException.class);
    }
}
