package dev.gitsource.jgit.internal;

import java.io.File;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Keeps JGit away from the user's and the system's git configuration ({@code ~/.gitconfig},
 * {@code /etc/gitconfig}, {@code ~/.config/jgit}): an unattended client must not change
 * behaviour with whoever's home directory it runs in ({@code url.insteadOf},
 * {@code http.extraHeader}, {@code core.autocrlf}...).
 *
 * <p>JGit reads those files through its process-wide {@link SystemReader}, so this is the
 * one process-wide setting gitsource makes: it is installed once, wraps whatever reader is
 * current, and only answers "empty" for the three configuration files.
 */
final class Isolation {
    private Isolation() {}

    static synchronized void install() {
        SystemReader current = SystemReader.getInstance();
        if (!(current instanceof NoUserConfig)) {
            SystemReader.setInstance(new NoUserConfig(current));
        }
    }

    private static final class NoUserConfig extends SystemReader.Delegate {
        NoUserConfig(SystemReader delegate) {
            super(delegate);
        }

        @Override
        public FileBasedConfig openUserConfig(Config parent, FS fs) {
            return empty(parent, fs);
        }

        @Override
        public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            return empty(parent, fs);
        }

        @Override
        public FileBasedConfig openJGitConfig(Config parent, FS fs) {
            return empty(parent, fs);
        }

        private static FileBasedConfig empty(Config parent, FS fs) {
            return new FileBasedConfig(parent, null, fs) {
                @Override
                public void load() {
                    // nothing to read
                }

                @Override
                public boolean isOutdated() {
                    return false;
                }

                @Override
                public void save() {
                    // never written
                }
            };
        }
    }

    /** A path that is never read: for JGit APIs that want a home directory. */
    static File nowhere() {
        return new File("/nonexistent/gitsource-home");
    }
}
