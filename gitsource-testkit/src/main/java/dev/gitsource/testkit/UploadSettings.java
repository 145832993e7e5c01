package dev.gitsource.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.TransferConfig;

/**
 * The server's upload-pack switches ({@code filter}, fetch by id, protocol v0 only), said once
 * as git configuration and handed to each backend in its own form: a {@link TransferConfig}
 * for JGit, {@code GIT_CONFIG_PARAMETERS} for C git's processes. Given per server rather than
 * written into each repository's config, so repositories that were not made by a fixture
 * (such as those of {@code serve DIR}) get them too.
 *
 * @param allowFilter advertise {@code filter} (partial clone) in protocol v0 and v2
 * @param allowFetchById accept wants of any object id the repository has, advertised or not
 * @param v0Only speak protocol v0 even to clients that ask for v2
 */
record UploadSettings(boolean allowFilter, boolean allowFetchById, boolean v0Only) {
    /** @return the configuration that says these switches, lower-case keys in a stable order */
    Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("uploadpack.allowfilter", Boolean.toString(allowFilter));
        // Any: C git serves a blob by id in v0 only with allowAnySHA1InWant; the narrower two follow it.
        c.put("uploadpack.allowanysha1inwant", Boolean.toString(allowFetchById));
        c.put("uploadpack.allowreachablesha1inwant", Boolean.toString(allowFetchById));
        c.put("uploadpack.allowtipsha1inwant", Boolean.toString(allowFetchById));
        return c;
    }

    /**
     * @param repo the repository served
     * @return its transfer configuration with these switches over the repository's own
     */
    TransferConfig transferConfig(Repository repo) {
        Config c = new Config(repo.getConfig());
        config().forEach((key, value) -> {
            int dot = key.indexOf('.');
            c.setString(key.substring(0, dot), null, key.substring(dot + 1), value);
        });
        if (v0Only) {
            c.setString("protocol", null, "version", "0");
        }
        return new TransferConfig(c);
    }

    /**
     * @return the value of {@code GIT_CONFIG_PARAMETERS} that gives C git these switches, as
     *     {@code git -c} would (the form every git version reads)
     */
    String gitConfigParameters() {
        StringBuilder sb = new StringBuilder();
        config().forEach((key, value) -> sb.append(sb.length() == 0 ? "" : " ").append('\'').append(key).append('=')
                .append(value).append('\''));
        return sb.toString();
    }

    /**
     * C git's protocol v2 upload-pack accepts a want of any object it has, whatever its
     * configuration; only protocol v0 refuses unadvertised ids. So a C git server that must
     * refuse them speaks v0, as servers did before v2.
     *
     * @param backend who serves
     * @return whether a client that asks for protocol v2 gets it
     */
    boolean speaksV2(GitServer.Backend backend) {
        return !v0Only && (allowFetchById || backend == GitServer.Backend.IN_JVM);
    }
}
