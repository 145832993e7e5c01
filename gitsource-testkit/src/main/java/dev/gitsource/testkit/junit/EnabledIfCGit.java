package dev.gitsource.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test (or every test of a class) only where C git is installed, and OpenSSH's sshd
 * when {@link #sshd()} says so; elsewhere JUnit reports it as skipped, with the reason. For a
 * matrix over backends, whose in-JVM cells run everywhere, use {@link BackendAssumptions} in
 * the test instead.
 */
@Documented
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CGitCondition.class)
public @interface EnabledIfCGit {
    /** @return whether OpenSSH's sshd is needed too */
    boolean sshd() default false;
}
