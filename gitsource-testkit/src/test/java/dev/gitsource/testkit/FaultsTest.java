package dev.gitsource.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Faults are taken one use at a time by the requests they match; a stall lasts until the server stops. */
class FaultsTest {
    private final Faults faults = new Faults();

    @Test
    void aLimitedFaultIsTakenByMatchingRequestsOnly() {
        faults.add(Fault.httpStatus(503).onFetch().times(2));
        assertThat(faults.takeForRequest("ls-refs")).isNull();
        assertThat(faults.takeForRequest("fetch").kind()).isEqualTo(Fault.Kind.HTTP_STATUS);
        assertThat(faults.takeForRequest("fetch")).isNotNull();
        assertThat(faults.takeForRequest("fetch")).as("used up").isNull();
    }

    @Test
    void theFirstFaultThatAppliesWins() {
        faults.add(Fault.stall().onFetch());
        faults.add(Fault.httpStatus(500));
        assertThat(faults.takeForRequest("advertise").kind()).isEqualTo(Fault.Kind.HTTP_STATUS);
        assertThat(faults.takeForRequest("fetch").kind()).isEqualTo(Fault.Kind.STALL);
        faults.clear();
        assertThat(faults.takeForRequest("fetch")).isNull();
    }

    @Test
    void sshAuthenticationFaultsAreNotRequestFaults() {
        faults.add(Fault.refuseSshAuth().times(1));
        assertThat(faults.takeForRequest("fetch")).isNull();
        assertThat(faults.takeSshAuthentication(Fault.Kind.DROP_SSH_DURING_AUTH)).isFalse();
        assertThat(faults.takeSshAuthentication(Fault.Kind.REFUSE_SSH_AUTH)).isTrue();
        assertThat(faults.takeSshAuthentication(Fault.Kind.REFUSE_SSH_AUTH)).isFalse();
    }

    @Test
    void aStallEndsWhenTheServerStopsAndLaterOnesDoNotBegin() throws Exception {
        CompletableFuture<Void> stalled = CompletableFuture.runAsync(faults::stall);
        assertThat(stalled).isNotDone();
        faults.releaseStalls();
        stalled.get(30, TimeUnit.SECONDS);
        faults.stall(); // returns at once
    }
}
