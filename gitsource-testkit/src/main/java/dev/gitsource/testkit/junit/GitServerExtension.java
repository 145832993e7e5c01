package dev.gitsource.testkit.junit;

import dev.gitsource.testkit.GitServer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Drives {@link StartStop} fields: static ones around the class, instance ones around each test. */
public final class GitServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    /** Created by JUnit. */
    public GitServerExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        for (GitServer s : servers(context.getRequiredTestClass(), null, true)) {
            s.start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        servers(context.getRequiredTestClass(), null, true).forEach(GitServer::stop);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        for (GitServer s : servers(context.getRequiredTestClass(), context.getRequiredTestInstance(), false)) {
            s.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        servers(context.getRequiredTestClass(), context.getRequiredTestInstance(), false).forEach(GitServer::stop);
    }

    private static List<GitServer> servers(Class<?> type, Object instance, boolean statics) throws IllegalAccessException {
        List<GitServer> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(StartStop.class) && Modifier.isStatic(f.getModifiers()) == statics) {
                    if (!GitServer.class.isAssignableFrom(f.getType())) {
                        throw new IllegalStateException("@StartStop needs a GitServer field: " + f);
                    }
                    f.setAccessible(true);
                    GitServer s = (GitServer) f.get(statics ? null : instance);
                    if (s == null) {
                        throw new IllegalStateException("@StartStop field is null: " + f);
                    }
                    out.add(s);
                }
            }
        }
        return out;
    }
}
