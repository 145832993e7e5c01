package dev.gitsource.testkit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts and stops a {@link dev.gitsource.testkit.GitServer} field: a static field gets one
 * server for the whole class, an instance field one per test.
 *
 * <pre>{@code
 * class MyTest {
 *     @StartStop static GitServer server = GitServer.builder().http().build();
 * }
 * }</pre>
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(GitServerExtension.class)
public @interface StartStop {}
