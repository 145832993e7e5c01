package dev.gitsource.cli;

import dev.gitsource.CheckoutTarget;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The target options that {@code clone} and {@code update} share. */
final class TargetOptions {
    static final class Target {
        @Option(names = "--branch") String branch;
        @Option(names = "--tag") String tag;
        @Option(names = "--semver", paramLabel = "RANGE") String semver;
        @Option(names = "--commit", paramLabel = "SHA") String commit;
        @Option(names = "--ref", paramLabel = "NAME", description = "a full ref such as refs/pull/7/head") String ref;
    }

    @ArgGroup(exclusive = true) Target target;

    @Option(names = "--commit-branch", paramLabel = "BRANCH", description = "with --commit: the branch that contains it")
    String commitBranch;

    /** @return the target given, or null when none was */
    CheckoutTarget targetOrNull() {
        if (target == null) {
            if (commitBranch != null) {
                throw new IllegalArgumentException("--commit-branch needs --commit");
            }
            return null;
        }
        if (target.branch != null) return CheckoutTarget.branch(target.branch);
        if (target.tag != null) return CheckoutTarget.tag(target.tag);
        if (target.semver != null) return CheckoutTarget.semver(target.semver);
        if (target.ref != null) return CheckoutTarget.refName(target.ref);
        return commitBranch == null ? CheckoutTarget.commit(target.commit)
                : CheckoutTarget.commit(target.commit, commitBranch);
    }
}
