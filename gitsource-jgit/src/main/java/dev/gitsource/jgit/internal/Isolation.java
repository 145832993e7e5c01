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
 *
 * <p>One exception, for short-lived processes such as the CLI: with the system property
 * {@value #FILESYSTEM_CACHE} naming a file, JGit's own configuration is that file, and only its
 * {@code filesystem} section (the timestamp resolution JGit measures per file store, which
 * otherwise costs every new JVM about 3 s of waiting at its first clone) is read and kept.
 */
final class Isolation {
    /** The system property naming the file where JGit keeps its file store measurements. */
    static final String FILESYSTEM_CACHE = "gitsource.jgit.filesystemCache";

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
            String cache = System.getProperty(FILESYSTEM_CACHE);
            return cache == null ? empty(parent, fs) : filesystemOnly(parent, new File(cache), fs);
        }

        /** A file only JGit's file store measurements are written to; anything else in it is ignored. */
        private static FileBasedConfig filesystemOnly(Config parent, File file, FS fs) {
            return new FileBasedConfig(parent, file, fs) {
                @Override
                public void load() throws java.io.IOException, org.eclipse.jgit.errors.ConfigInvalidException {
                    super.load();
                    for (String section : getSections()) {
                        if (!section.equals("filesystem")) {
                            for (String sub : getSubsections(section)) {
                                unsetSection(section, sub);
                            }
                            unsetSection(section, null);
                        }
                    }
                }
            };
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
