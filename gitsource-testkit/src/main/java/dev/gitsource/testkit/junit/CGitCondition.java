package dev.gitsource.testkit.junit;

import dev.gitsource.testkit.GitServer;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Decides {@link EnabledIfCGit}: disabled, with the reason, where C git (or sshd) is missing. */
public final class CGitCondition implements ExecutionCondition {
    /** Created by JUnit. */
    public CGitCondition() {}

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getElement(), EnabledIfCGit.class)
                .map(a -> decide(BackendAssumptions.missing(GitServer.Backend.C_GIT, a.sshd())))
                .orElse(ConditionEvaluationResult.enabled("no @EnabledIfCGit"));
    }

    static ConditionEvaluationResult decide(String missing) {
        return missing == null ? ConditionEvaluationResult.enabled("C git is installed")
                : ConditionEvaluationResult.disabled(missing);
    }
}
