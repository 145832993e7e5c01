package dev.gitsource.jgit.internal;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.JGitText;

/**
 * JGit's words for the failures it gives no type of its own: a 401 or 403 ends as a plain
 * {@link TransportException} whose message is JGit's text after the URI. The texts come from
 * JGit's own bundle (its internal {@link JGitText}), so they match whatever JGit says; a JGit
 * that renames one fails the build here instead of silently missing it.
 */
final class JGitMessages {
    /** HTTP 401 (not authorized, no credentials, a scheme JGit cannot answer) and 403. */
    private static final List<Pattern> REFUSED = Stream.of(JGitText.get().notAuthorized,
            JGitText.get().noCredentialsProvider, JGitText.get().authenticationNotSupported,
            JGitText.get().serviceNotPermitted).map(JGitMessages::endingWith).toList();

    /** The server does not advertise {@code filter}, so JGit does not send the filter it was given. */
    private static final Pattern NO_FILTER = endingWith(JGitText.get().filterRequiresCapability);

    private JGitMessages() {}

    /** Whether JGit refused, in a transport exception of the chain, to fetch with a filter the server does not offer. */
    static boolean filterNotAdvertised(Throwable t) {
        return Causes.of(t).stream().anyMatch(c -> c instanceof TransportException && c.getMessage() != null
                && NO_FILTER.matcher(c.getMessage()).find());
    }

    /** Whether JGit said, in a transport exception of the chain, that the server refused the credentials. */
    static boolean serverRefusedCredentials(Throwable t) {
        for (Throwable c : Causes.of(t)) {
            if (c instanceof TransportException && c.getMessage() != null
                    && REFUSED.stream().anyMatch(p -> p.matcher(c.getMessage()).find())) {
                return true;
            }
        }
        return false;
    }

    /** A pattern for the end of a message made from a MessageFormat template: arguments match anything. */
    static Pattern endingWith(String template) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\'') {
                if (i + 1 < template.length() && template.charAt(i + 1) == '\'') {
                    literal.append('\'');
                    i++;
                }
            } else if (c == '{' && template.indexOf('}', i) > i) {
                regex.append(Pattern.quote(literal.toString())).append(".*");
                literal.setLength(0);
                i = template.indexOf('}', i);
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString())).append('$');
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
